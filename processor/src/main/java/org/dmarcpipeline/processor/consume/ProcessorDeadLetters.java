package org.dmarcpipeline.processor.consume;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.index.DeadLetterDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records the processor cannot handle (undecodable payloads, documents Elasticsearch
 * refuses) to the dead-letter topic. The record counts as settled only once the dead letter is
 * acknowledged; until then its offset is not committed.
 */
final class ProcessorDeadLetters {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessorDeadLetters.class);

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final OffsetLedger ledger;
  /** Acknowledged dead letters waiting for the poll thread to index them. */
  private final java.util.Queue<DeadLetterDocument> toIndex = new java.util.concurrent.ConcurrentLinkedQueue<>();

  ProcessorDeadLetters(Producer<String, byte[]> producer, Topics topics, OffsetLedger ledger) {
    this.producer = producer;
    this.topics = topics;
    this.ledger = ledger;
  }

  /** Dead letters acknowledged since the last call, for the dead-letter index. */
  java.util.List<DeadLetterDocument> acknowledged() {
    java.util.List<DeadLetterDocument> drained = new java.util.ArrayList<>();
    for (DeadLetterDocument document; (document = toIndex.poll()) != null; ) {
      drained.add(document);
    }
    return drained;
  }

  private static String excerpt(byte[] payload) {
    String text = new String(payload, 0, Math.min(payload.length, 1024), StandardCharsets.UTF_8);
    return text.replaceAll("\\p{Cntrl}", " ");
  }

  void publish(KafkaPosition position, String key, byte[] payload, String reason) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Topics.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    headers.add(Topics.STAGE_HEADER, "processor".getBytes(StandardCharsets.UTF_8));
    headers.add(
        "dmarc-source",
        (position.partition() + "@" + position.offset()).getBytes(StandardCharsets.UTF_8));
    producer.send(
        new ProducerRecord<>(topics.deadLetter(), null, key, payload, headers),
        (metadata, error) -> {
          if (error == null) {
            LOG.warn("record {}@{} dead-lettered: {}", position.partition(), position.offset(), reason);
            toIndex.add(new DeadLetterDocument(java.time.Instant.now(), "processor", reason, key,
                position.partition() + "@" + position.offset(), excerpt(payload)));
            ledger.settle(position);
          } else {
            LOG.warn("dead letter for {}@{} not written, will retry: {}", position.partition(), position.offset(), error.toString());
            ledger.fail(position);
          }
        });
  }
}
