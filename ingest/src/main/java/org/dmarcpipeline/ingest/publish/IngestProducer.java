package org.dmarcpipeline.ingest.publish;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dmarcpipeline.schema.config.KafkaConnection;

/** The one producer of the ingest application: idempotent, {@code acks=all}. */
public final class IngestProducer {

  /**
   * Room for a whole raw mail on the raw-reports topic: the default mailbox limit (32 MiB) plus
   * the record's key and headers. A mail allowed larger than this goes without its raw copy.
   */
  public static final int MAX_REQUEST_BYTES = (32 << 20) + (1 << 20);

  private IngestProducer() {}

  public static Producer<String, byte[]> create(KafkaConnection connection) {
    Map<String, Object> p = connection.clientProperties();
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "dmarc-ingest");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // explicit: a conflicting setting then fails at start instead of silently disabling it
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    // Sends are awaited only once per poll (ProcessedMailMover), so a longer linger costs no
    // waiting: it makes fewer, fuller batches, each one request for the broker to handle.
    p.put(ProducerConfig.LINGER_MS_CONFIG, 50);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }
}
