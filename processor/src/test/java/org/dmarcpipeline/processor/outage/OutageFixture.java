package org.dmarcpipeline.processor.outage;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.services.LocalStack;

/** Topics, records on them, and what Elasticsearch and the consumer group hold afterwards. */
final class OutageFixture {

  final String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
  final Topics topics = Topics.DEFAULTS.withSuffix(suffix);
  final String groupId = "outage" + suffix;
  final List<String> ids = new ArrayList<>();

  OutageFixture() throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topics.records(), 1, (short) 1), new NewTopic(topics.reports(), 1, (short) 1),
          new NewTopic(topics.deadLetter(), 1, (short) 1))).all().get();
    }
  }

  /** Publishes {@code reports} generated reports of {@code rows} rows each to the records topic. */
  void publish(int reports, int rows, long seed) throws Exception {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", LocalStack.kafka().bootstrapServers(),
        "linger.ms", 20), new StringSerializer(), new ByteArraySerializer())) {
      ReportGenerator generator = new ReportGenerator(seed);
      for (int i = 0; i < reports; i++) {
        for (AggregateRecord record : AggregateRecords.of(new ReportParser().parse(generator.next(rows, i).xml()))) {
          producer.send(new ProducerRecord<>(topics.records(), record.id(), DmarcJson.encode(record)));
          ids.add(record.id());
        }
      }
      producer.flush();
    }
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
