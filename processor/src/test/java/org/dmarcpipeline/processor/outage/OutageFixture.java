package org.dmarcpipeline.processor.outage;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TopicReader;
import org.dmarcpipeline.testing.services.TopicWriter;

/** Topics, records on them, and what Elasticsearch and the consumer group hold afterwards. */
final class OutageFixture {

  final String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
  final Topics topics = Topics.DEFAULTS.withSuffix(suffix);
  final String groupId = "outage" + suffix;
  /** The distinct record ids published, in the topic's order. */
  final List<String> ids = new ArrayList<>();
  /** The key at each offset of the records partition. */
  private final List<String> topicOrder = new ArrayList<>();

  OutageFixture() throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topics.records(), 1, (short) 1), new NewTopic(topics.reports(), 1, (short) 1),
          new NewTopic(topics.deadLetter(), 1, (short) 1))).all().get();
    }
  }

  /**
   * Publishes {@code reports} generated reports of {@code rows} rows each to the records topic,
   * and takes {@link #ids} from what the topic holds, in its order: a record the broker took late
   * may stand after ones sent after it.
   */
  void publish(int reports, int rows, long seed) throws Exception {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    ReportGenerator generator = new ReportGenerator(seed);
    for (int i = 0; i < reports; i++) {
      for (AggregateRecord record : AggregateRecords.of(new ReportParser().parse(generator.next(rows, i).xml()))) {
        records.add(new ProducerRecord<>(topics.records(), record.id(), DmarcJson.encode(record)));
      }
    }
    TopicWriter.publishAll(LocalStack.kafka().bootstrapServers(), records);
    topicOrder.clear();
    new TopicReader(LocalStack.kafka().bootstrapServers()).records(topics.records(), Duration.ofSeconds(30))
        .forEach(r -> topicOrder.add(r.key()));
    ids.clear();
    ids.addAll(new LinkedHashSet<>(topicOrder));
    if (ids.size() != records.size()) {
      throw new IllegalStateException("the topic holds " + ids.size() + " of the " + records.size() + " records published");
    }
  }

  /** The distinct ids of the records at offsets below {@code offset}. */
  List<String> idsBelow(int offset) {
    return List.copyOf(new LinkedHashSet<>(topicOrder.subList(0, offset)));
  }

  /** Documents in {@code dmarc-records} whose id is one of ours, or -1 while the node is away. */
  long indexed(ElasticsearchClient es) {
    return indexed(es, ids);
  }

  long indexed(ElasticsearchClient es, List<String> ids) {
    try {
      es.indices().refresh(r -> r.index(RecordIndex.ALIAS).allowNoIndices(true).ignoreUnavailable(true));
      long found = 0;
      for (int from = 0; from < ids.size(); from += 5000) {
        List<String> batch = ids.subList(from, Math.min(ids.size(), from + 5000));
        found += es.count(c -> c.index(RecordIndex.ALIAS).allowNoIndices(true).ignoreUnavailable(true)
            .query(q -> q.ids(i -> i.values(batch)))).count();
      }
      return found;
    } catch (Exception unavailable) {
      return -1;
    }
  }

  long total(ElasticsearchClient es) throws Exception {
    es.indices().refresh(r -> r.index(RecordIndex.ALIAS).allowNoIndices(true).ignoreUnavailable(true));
    return es.count(c -> c.index(RecordIndex.ALIAS).allowNoIndices(true).ignoreUnavailable(true)).count();
  }

  /** The committed offset of the records partition, -1 when nothing is committed. */
  long committed() throws Exception {
    try (Admin admin = admin()) {
      OffsetAndMetadata committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get()
          .get(new TopicPartition(topics.records(), 0));
      return committed == null ? -1 : committed.offset();
    }
  }

  long end() throws Exception {
    try (Admin admin = admin()) {
      TopicPartition partition = new TopicPartition(topics.records(), 0);
      return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
    }
  }

  private static Admin admin() {
    return Admin.create(Map.of("bootstrap.servers", LocalStack.kafka().bootstrapServers()));
  }
}
