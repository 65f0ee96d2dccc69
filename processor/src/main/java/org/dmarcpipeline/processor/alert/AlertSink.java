package org.dmarcpipeline.processor.alert;

/** Where alert notifications go (Kafka topic, webhook, ...). */
public interface AlertSink {

  /**
   * @throws Exception when the notification could not be delivered
   */
  void send(NotificationKind kind, Alert alert) throws Exception;

  /** How an undelivered notification names this sink, to retry it there and only there. */
  default String name() {
    return getClass().getSimpleName();
  }
}
