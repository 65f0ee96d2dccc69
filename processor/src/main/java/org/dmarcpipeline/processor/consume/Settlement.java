package org.dmarcpipeline.processor.consume;

import java.time.Instant;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.dmarcpipeline.processor.failure.Failure;
import org.dmarcpipeline.processor.failure.FailurePolicy;
import org.dmarcpipeline.processor.index.RecordIndexer;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.deadletter.DeadLetterHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of each consumed record, kept in the {@link OffsetLedger}: indexed, dead-lettered, or
 * to be consumed again, as the {@link FailurePolicy} decides for every failure wherever it
 * happened. Built before the indexer and the poll loop, which both report to it; the indexer and
 * the dead-letter producer from their callbacks, so everything here is thread-safe.
 *
 * <p>A dead letter is written to the dead-letter topic, and the record counts as settled only once
 * Kafka acknowledged it; until then its offset is not committed. The dead-letter index gets it from
 * the topic, as it gets ingest's ({@link DeadLetterRecords}).
 */
public final class Settlement implements RecordIndexer.Outcome<KafkaPosition> {

  private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

  private final OffsetLedger ledger = new OffsetLedger();
  private final FailurePolicy policy;
  private final Producer<String, byte[]> producer;
  private final Topics topics;

  /** @param deadLetterProducer writes the dead letters of records this stage cannot handle */
  public Settlement(FailurePolicy policy, Producer<String, byte[]> deadLetterProducer, Topics topics) {
    this.policy = policy;
    this.producer = deadLetterProducer;
    this.topics = topics;
  }

  OffsetLedger ledger() {
    return ledger;
  }

  @Override
  public void indexed(KafkaPosition position) {
    ledger.settle(position);
  }

  /**
   * @param key the key of the dead letter, should there be one
   * @param payload the payload of the dead letter, should there be one
   */
  @Override
  public void failed(KafkaPosition position, String key, byte[] payload, Failure failure) {
    switch (policy.decide(failure)) {
      case RETRY -> ledger.fail(position);
      case DEAD_LETTER -> deadLetter(position, key, payload, failure.reason());
    }
  }

  /** A dead letter is never dead-lettered again: it stays on the topic, and the log says so once. */
  private void deadLetter(KafkaPosition position, String key, byte[] payload, String reason) {
    if (position.partition().topic().equals(topics.deadLetter())) {
      LOG.warn("dead letter {}@{} not indexed, it stays on the topic: {}", position.partition(), position.offset(), reason);
      ledger.settle(position);
      return;
    }
    DeadLetterHeaders deadLetter =
        DeadLetterHeaders.processor(position.partition().topic(), position.partition().partition(), position.offset(), reason, Instant.now());
    RecordHeaders headers = new RecordHeaders();
    deadLetter.encode().forEach(headers::add);
    producer.send(
        new ProducerRecord<>(topics.deadLetter(), null, key, payload, headers),
        (metadata, error) -> {
          if (error == null) {
            LOG.warn("record {}@{} dead-lettered: {}", position.partition(), position.offset(), reason);
            ledger.settle(position);
          } else {
            LOG.warn("dead letter for {}@{} not written, will retry: {}", position.partition(), position.offset(), error.toString());
            failed(position, key, payload, new Failure.DeadLetterNotWritten(error.toString()));
          }
        });
  }
}
