package org.dmarcpipeline.testing.services;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts a test's records on a topic and makes sure the broker took every one. On a loaded machine
 * a send can time out (and an idempotent producer then keeps failing its batch with an
 * out-of-order sequence); such records are sent again, by a new producer, until none is left. A
 * record sent again may also have been written the first time, so a test that needs the topic's
 * order reads it back ({@link TopicReader}) instead of assuming the order of sending.
 */
public final class TopicWriter {

  private static final int ATTEMPTS = 5;

  private TopicWriter() {}

  public static void publishAll(String bootstrapServers, List<ProducerRecord<String, byte[]>> records) {
    List<ProducerRecord<String, byte[]>> pending = records;
    for (int attempt = 0; attempt < ATTEMPTS && !pending.isEmpty(); attempt++) {
      try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers, "linger.ms", 20,
          "delivery.timeout.ms", 60_000, "request.timeout.ms", 30_000), new StringSerializer(), new ByteArraySerializer())) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ProducerRecord<String, byte[]> record : pending) {
          sent.add(producer.send(record));
        }
        producer.flush();
        List<ProducerRecord<String, byte[]>> failed = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
          try {
            sent.get(i).get();
          } catch (ExecutionException notTaken) {
            failed.add(pending.get(i));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
          }
        }
        pending = failed;
      }
    }
    if (!pending.isEmpty()) {
      throw new IllegalStateException(pending.size() + " records were never acknowledged by the broker");
    }
  }
}
