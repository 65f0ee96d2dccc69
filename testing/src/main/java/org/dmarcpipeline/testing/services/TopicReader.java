package org.dmarcpipeline.testing.services;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what a topic holds, for assertions: its records, its distinct keys, its end offsets. */
public final class TopicReader {

  private final String bootstrapServers;

  public TopicReader(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Whether {@code group} has committed up to the end of partition 0 of each topic (an empty one
   * counts as done): what a test waits for before it says nothing more will be indexed.
   */
  public boolean committedToEnd(String group, String... topics) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      for (String topic : topics) {
        TopicPartition partition = new TopicPartition(topic, 0);
        long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
        var offset = committed.get(partition);
        if (end > 0 && (offset == null || offset.offset() != end)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Every record up to the topic's end as it is now (waiting up to {@code timeout} for them). */
  public List<ConsumerRecord<String, byte[]>> records(String topic, Duration timeout) {
    long end = endOffsetSum(topic);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("group.id", "reader-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(300)).forEach(records::add);
      }
    }
    return records;
  }

  /** The distinct keys of the topic's records. */
  public Set<String> keys(String topic, Duration timeout) {
    Set<String> keys = new LinkedHashSet<>();
    records(topic, timeout).forEach(r -> keys.add(r.key()));
    return keys;
  }

  /** Sum of the end offsets of the topic's partitions; 0 for a topic that does not exist. */
  public long endOffsetSum(String topic) {
    return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
  }

  public Map<TopicPartition, Long> endOffsets(String topic) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      if (!admin.listTopics().names().get().contains(topic)) {
        return Map.of();
      }
      var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> result = new HashMap<>();
      admin.listOffsets(request).all().get().forEach((tp, info) -> result.put(tp, info.offset()));
      return result;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read offsets of " + topic, e);
    }
  }
}
