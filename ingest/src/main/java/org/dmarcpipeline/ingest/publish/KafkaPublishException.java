package org.dmarcpipeline.ingest.publish;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Kafka did not acknowledge a write. Transient as a rule: the mail stays where it is and is tried
 * again on a later poll. Some refusals come back however often the same record is sent ({@link
 * #isPermanent}); a mail that keeps meeting them goes to the dead letter instead.
 */
public class KafkaPublishException extends Exception {
  public KafkaPublishException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * True when the broker refused for a reason a retry does not change: the record is larger than
   * the topic takes, or the client may not write the topic. Down brokers, timeouts, leader changes
   * and the like are transient.
   */
  public boolean isPermanent() {
    for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof RecordTooLargeException || cause instanceof AuthorizationException) {
        return true;
      }
    }
    return false;
  }
}
