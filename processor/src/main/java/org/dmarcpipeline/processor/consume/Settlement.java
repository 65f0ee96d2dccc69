package org.dmarcpipeline.processor.consume;

import org.apache.kafka.clients.producer.Producer;
import org.dmarcpipeline.processor.index.RecordIndexer;
import org.dmarcpipeline.schema.config.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of each consumed record, kept in the {@link OffsetLedger}: indexed, dead-lettered, or
 * to be consumed again. Built before the indexer and the poll loop, which both report to it; the
 * indexer from its bulk callbacks, so everything here is thread-safe.
 */
public final class Settlement implements RecordIndexer.Outcome<KafkaPosition> {

  private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

  private final OffsetLedger ledger = new OffsetLedger();
  private final ProcessorDeadLetters deadLetters;
  private final Topics topics;

  /** @param deadLetterProducer writes the dead letters of records this stage cannot handle */
  public Settlement(Producer<String, byte[]> deadLetterProducer, Topics topics) {
    this.deadLetters = new ProcessorDeadLetters(deadLetterProducer, topics, ledger);
    this.topics = topics;
  }

  OffsetLedger ledger() {
    return ledger;
  }

  @Override
  public void indexed(KafkaPosition position) {
    ledger.settle(position);
  }

  @Override
  public void rejected(KafkaPosition position, String id, byte[] document, String reason) {
    deadLetter(position, id, document, reason);
  }

  @Override
  public void retryLater(KafkaPosition position, String reason) {
    ledger.fail(position);
  }

  /**
   * The record can never be handled: to the dead-letter topic, settled once the dead letter is
   * acknowledged. A dead letter is never dead-lettered again: it stays on the topic, and the log
   * says so once.
   */
  void deadLetter(KafkaPosition position, String key, byte[] payload, String reason) {
    if (position.partition().topic().equals(topics.deadLetter())) {
      LOG.warn("dead letter {}@{} not indexed, it stays on the topic: {}", position.partition(), position.offset(), reason);
      ledger.settle(position);
      return;
    }
    deadLetters.publish(position, key, payload, reason);
  }
}
