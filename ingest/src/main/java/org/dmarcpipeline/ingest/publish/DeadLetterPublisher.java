package org.dmarcpipeline.ingest.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.dmarcpipeline.ingest.mail.RawMail;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.deadletter.DeadLetterHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a mail that cannot be processed, with the reason, to the dead-letter topic and waits for
 * the acknowledgement. Only then may the mail leave its folder; if this write fails the exception
 * propagates and the mail stays untouched. The processor indexes it in the dead-letter index from
 * the topic.
 */
public final class DeadLetterPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final Duration ackTimeout;

  public DeadLetterPublisher(Producer<String, byte[]> producer, Topics topics, Duration ackTimeout) {
    this.producer = producer;
    this.topics = topics;
    this.ackTimeout = ackTimeout;
  }

  public void publish(RawMail mail, String reason) throws KafkaPublishException {
    send(mail.mailbox(), mail.sha256(), mail.bytes(), reason);
    LOG.warn("mailbox {}: mail {} dead-lettered: {}", mail.mailbox(), mail.sha256().substring(0, 12), reason);
  }

  /** A dead letter for a mail that was deliberately not read (too large): reason only, no bytes. */
  public void publishUnread(String mailbox, String key, String reason) throws KafkaPublishException {
    send(mailbox, key, new byte[0], reason);
    LOG.warn("mailbox {}: mail {} quarantined: {}", mailbox, key.substring(0, 12), reason);
  }

  private void send(String mailbox, String key, byte[] value, String reason) throws KafkaPublishException {
    RecordHeaders headers = new RecordHeaders();
    DeadLetterHeaders.ingest(mailbox, reason, Instant.now()).encode().forEach(headers::add);
    try {
      producer
          .send(new ProducerRecord<>(topics.deadLetter(), null, key, value, headers))
          .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaPublishException("dead letter not written: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaPublishException("dead letter not acknowledged within " + ackTimeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaPublishException("interrupted while writing a dead letter", e);
    }
  }
}
