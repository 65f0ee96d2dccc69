package org.dmarcpipeline.processor.consume;

import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.dmarcpipeline.schema.deadletter.DeadLetterHeaders;
import org.dmarcpipeline.schema.index.DeadLetterDocument;

/**
 * Reads a record of the dead-letter topic, whichever stage wrote it, into its document for the
 * dead-letter index: the one way dead letters reach that index.
 */
final class DeadLetterRecords {

  private DeadLetterRecords() {}

  /**
   * @throws IllegalArgumentException when the record lacks the headers every dead letter has
   */
  static DeadLetterDocument document(ConsumerRecord<String, byte[]> record) {
    DeadLetterHeaders headers =
        DeadLetterHeaders.decode(
            name -> {
              Header header = record.headers().lastHeader(name);
              return header == null ? null : header.value();
            },
            Instant.ofEpochMilli(record.timestamp()));
    return DeadLetterDocument.of(headers, record.key(), record.value() == null ? new byte[0] : record.value());
  }
}
