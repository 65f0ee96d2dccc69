package org.dmarcpipeline.ingest.publish;

/**
 * Kafka did not acknowledge a write. Transient: the mail stays where it is and is tried again on
 * the next poll.
 */
public class KafkaPublishException extends Exception {
  public KafkaPublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
