package org.dmarcpipeline.processor.consume;

import java.time.Instant;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.deadletter.DeadLetterHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records the processor cannot handle (undecodable payloads, documents Elasticsearch
 * refuses) to the dead-letter topic. The record counts as settled only once the dead letter is
 * acknowledged; until then its offset is not committed. The dead-letter index gets it from the
 * topic, as it gets ingest's ({@link DeadLetterRecords}).
 */
final class ProcessorDeadLetters {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessorDeadLetters.class);

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final OffsetLedger ledger;

  ProcessorDeadLetters(Producer<String, byte[]> producer, Topics topics, OffsetLedger ledger) {
    this.producer = producer;
    this.topics = topics;
    this.ledger = ledger;
  }

  void publish(KafkaPosition position, String key, byte[] payload, String reason) {
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
            ledger.fail(position);
          }
        });
  }
}
