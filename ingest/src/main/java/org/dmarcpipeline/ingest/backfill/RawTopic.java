package org.dmarcpipeline.ingest.backfill;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dmarcpipeline.schema.config.KafkaConnection;

/**
 * The raw-reports topic read from its beginning to its end as it is now, every partition, without
 * a consumer group (a replay commits nothing and disturbs no one).
 */
public final class RawTopic {

  private final KafkaConnection connection;
  private final String topic;

  public RawTopic(KafkaConnection connection, String topic) {
    this.connection = connection;
    this.topic = topic;
  }

  /** Hands each raw input to {@code sink} as ({@code topic-partition@offset}, bytes). */
  public void forEach(BiConsumer<String, byte[]> sink) {
    Map<String, Object> props = new HashMap<>(connection.clientProperties());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            sink.accept(record.topic() + "-" + record.partition() + "@" + record.offset(), record.value());
          }
        }
      }
    }
  }
}
