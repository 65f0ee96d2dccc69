package org.dmarcpipeline.ingest.mailbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Holds the producer once the broker has acknowledged a record, after writing a marker file: the
 * moment between "safely in Kafka" and "mail moved" that case M2 kills the process in.
 */
public final class PauseAfterAcknowledgement implements ProducerInterceptor<String, byte[]> {

  private Path marker;

  @Override
  public void configure(Map<String, ?> configs) {
    marker = Path.of(String.valueOf(configs.get("dmarc.test.marker")));
  }

  @Override
  public ProducerRecord<String, byte[]> onSend(ProducerRecord<String, byte[]> record) {
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    if (exception == null && metadata != null && metadata.topic().startsWith("dmarc.records")) {
      try {
        Files.writeString(marker, "acknowledged");
        TimeUnit.MINUTES.sleep(5);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {}
}
