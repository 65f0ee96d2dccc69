package org.dmarcpipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.deadletter.DeadLetterHeaders;
import org.dmarcpipeline.schema.index.DeadLetterIndex;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.fingerprint.Sha256;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.schema.record.ReportSummary;
import org.dmarcpipeline.schema.model.ReportTotals;
import org.dmarcpipeline.schema.index.ReportIndex;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor against a real broker and a real Elasticsearch. */
class ProcessorIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private Topics topics;
  private String groupId;
  private KafkaProducer<String, byte[]> producer;
  private ElasticsearchClient es;
  private ProcessorService processor;

  @BeforeEach
  void start() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    topics = Topics.DEFAULTS.withSuffix("-" + run);
    groupId = "processor-" + run;
    String bootstrap = LocalStack.kafka().bootstrapServers();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topics.records(), 1, (short) 1), new NewTopic(topics.reports(), 1, (short) 1),
          new NewTopic(topics.deadLetter(), 1, (short) 1))).all().get();
    }
    producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer());
    ElasticsearchConnection connection = ElasticsearchConnection.local(LocalStack.elasticsearch().url());
    es = ElasticsearchClients.create(connection);
    processor = ProcessorService.start(new ProcessorConfig(KafkaConnection.plaintext(bootstrap), topics, groupId, connection, 100, 2));
  }

  @AfterEach
  void stop() throws Exception {
    processor.close();
    producer.close();
    es.close();
  }

  @Test
  void poisonRecordShouldGoToTheDeadLetterAndNotStopTheOthers_K5() throws Exception {
    List<AggregateRecord> records = records(4, 21);
    send(records.get(0));
    producer.send(new ProducerRecord<>(topics.records(), "poison", "{not json".getBytes(StandardCharsets.UTF_8))).get();
    for (AggregateRecord record : records.subList(1, 4)) {
      send(record);
    }

    await().atMost(WAIT).ignoreExceptions().until(() -> count(records.get(0).reportKey()) == 4);
    ConsumerRecord<String, byte[]> deadLetter = readOne(topics.deadLetter());
    assertThat(deadLetter.key()).isEqualTo("poison");
    assertThat(new String(deadLetter.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
        .startsWith("not an aggregate record");
    awaitCommittedToEnd();
    Map<?, ?> document = awaitDeadLetterDocument("poison");
    assertThat(document.get("stage")).isEqualTo("processor");
    assertThat(document.get("source")).isEqualTo(topics.records() + "-0@1");
    assertThat((String) document.get("reason")).startsWith("not an aggregate record");
  }

  @Test
  void documentRefusedByTheMappingShouldGoToTheDeadLettersWhileTheRestIsIndexed_E4() throws Exception {
    // a month whose index maps count as boolean: every row of that month is refused with a 400
    es.indices().create(c -> c.index("dmarc-records-2019.01")
        .withJson(new java.io.StringReader("{\"mappings\":{\"properties\":{\"count\":{\"type\":\"boolean\"}}}}")));
    var generated = new ReportGenerator(24).next(3, 24);
    String january2019 = new String(generated.xml(), StandardCharsets.UTF_8)
        .replaceFirst("<begin>\\d+</begin>", "<begin>1547000000</begin>")
        .replaceFirst("<end>\\d+</end>", "<end>1547086399</end>");
    List<AggregateRecord> refused = AggregateRecords.of(new ReportParser().parse(january2019.getBytes(StandardCharsets.UTF_8)));
    List<AggregateRecord> good = records(4, 25);
    send(good.get(0));
    send(refused.get(0));
    for (AggregateRecord record : good.subList(1, 4)) {
      send(record);
    }

    await().atMost(WAIT).ignoreExceptions().until(() -> count(good.get(0).reportKey()) == 4);
    awaitCommittedToEnd();
    ConsumerRecord<String, byte[]> deadLetter = readOne(topics.deadLetter());
    assertThat(deadLetter.key()).isEqualTo(refused.get(0).id());
    assertThat(new String(deadLetter.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
        .contains("400").contains("count");
    assertThat(awaitDeadLetterDocument(refused.get(0).id()).get("stage")).isEqualTo("processor");
    awaitCommittedToEnd(groupId, topics.deadLetter());
    assertThat(deadLetterCount(refused.get(0).id())).as("its own dead letter, read back from the topic, once").isEqualTo(1);
  }

  @Test
  void ingestDeadLetterShouldBeIndexedOnceWithItsStageReasonAndMailboxWhenWrittenAgainOrReplayed_E6() throws Exception {
    byte[] mail = "From: noreply-dmarc@example.net\r\nSubject: Report domain: example.com\r\n\r\nbroken".getBytes(StandardCharsets.UTF_8);
    String sha256 = Sha256.hex(mail);
    // as ingest's DeadLetterPublisher writes it; and again, as after a crash between the
    // dead letter and the move to the Invalid folder
    for (Instant time : List.of(Instant.parse("2031-05-01T10:00:00Z"), Instant.parse("2031-05-01T10:05:00Z"))) {
      RecordHeaders headers = new RecordHeaders();
      DeadLetterHeaders.ingest("reports@example.com", "report.xml.gz: Not in GZIP format", time).encode().forEach(headers::add);
      producer.send(new ProducerRecord<>(topics.deadLetter(), null, sha256, mail, headers)).get();
    }

    Map<?, ?> document = awaitDeadLetterDocument(sha256);
    assertThat(document.get("stage")).isEqualTo("ingest");
    assertThat(document.get("reason")).isEqualTo("report.xml.gz: Not in GZIP format");
    assertThat(document.get("source")).isEqualTo("reports@example.com");
    assertThat((String) document.get("payload_excerpt")).startsWith("From: noreply-dmarc@example.net");
    awaitCommittedToEnd(groupId, topics.deadLetter());
    assertThat(deadLetterCount(sha256)).isEqualTo(1);

    // a processor with a new group reads the whole topic again
    String replayGroup = groupId + "-replay";
    try (ProcessorService replay = ProcessorService.start(new ProcessorConfig(KafkaConnection.plaintext(LocalStack.kafka().bootstrapServers()),
        topics, replayGroup, ElasticsearchConnection.local(LocalStack.elasticsearch().url()), 100, 2))) {
      awaitCommittedToEnd(replayGroup, topics.deadLetter());
    }
    assertThat(deadLetterCount(sha256)).isEqualTo(1);
    assertThat(awaitDeadLetterDocument(sha256).get("@timestamp")).as("created once, never overwritten").isEqualTo("2031-05-01T10:00:00Z");
  }

  @Test
  void replayShouldOverwriteWhenTheSameRecordsArriveAgain_V1() throws Exception {
    List<AggregateRecord> records = records(6, 22);
    for (AggregateRecord record : records) {
      send(record);
    }
    await().atMost(WAIT).ignoreExceptions().until(() -> count(records.get(0).reportKey()) == 6);
    for (AggregateRecord record : records) {
      send(record);
    }
    awaitCommittedToEnd();

    assertThat(count(records.get(0).reportKey())).isEqualTo(6);
  }

  @Test
  void secondReportReusingAnIdShouldBeKeptAndFlaggedWhenItsContentDiffers_V2() throws Exception {
    var generated = new ReportGenerator(23).next(3, 23);
    String xml = new String(generated.xml(), StandardCharsets.UTF_8);
    String edited = xml.replaceFirst("<count>(\\d+)</count>", "<count>999999</count>");
    AggregateReport first = new ReportParser().parse(generated.xml());
    AggregateReport second = new ReportParser().parse(edited.getBytes(StandardCharsets.UTF_8));
    assertThat(second.identity().key()).isEqualTo(first.identity().key());
    for (AggregateReport report : List.of(first, second, first)) {
      for (AggregateRecord record : AggregateRecords.of(report)) {
        send(record);
      }
      ReportSummary summary = AggregateRecords.summary(report.header(), report.fingerprint(),
          new ReportTotals(report.records().size(), report.records().size(), 0, report.warnings(), report.extensions()));
      producer.send(new ProducerRecord<>(topics.reports(), summary.reportKey(), DmarcJson.encode(summary))).get();
    }
    awaitCommittedToEnd();

    await().atMost(WAIT).ignoreExceptions().until(() -> count(first.identity().key()) == 6);
    es.indices().refresh(r -> r.index(ReportIndex.ALIAS));
    var versions = es.search(s -> s.index(ReportIndex.ALIAS)
        .query(q -> q.term(t -> t.field("key").value(first.identity().key()))), Map.class).hits().hits();
    assertThat(versions).hasSize(2);
    assertThat(versions).anySatisfy(v -> {
      assertThat(v.source().get("fingerprint")).isEqualTo(first.fingerprint());
      assertThat(v.source().get("report_id_reused")).isEqualTo(false);
    });
    assertThat(versions).anySatisfy(v -> {
      assertThat(v.source().get("fingerprint")).isEqualTo(second.fingerprint());
      assertThat(v.source().get("report_id_reused")).isEqualTo(true);
    });
  }

  @Test
  void reportDatedInTheYear3000ShouldCreateNoIndex_V3() throws Exception {
    var generated = new ReportGenerator(26).next(2, 26);
    String sane = new String(generated.xml(), StandardCharsets.UTF_8)
        .replaceFirst("<begin>\\d+</begin>", "<begin>1764460800</begin>")
        .replaceFirst("<end>\\d+</end>", "<end>1764547199</end>");
    List<AggregateRecord> rows = AggregateRecords.of(new ReportParser().parse(sane.getBytes(StandardCharsets.UTF_8)));
    ReportSummary summary = org.dmarcpipeline.testing.reports.ReportSummaries.of(sane.getBytes(StandardCharsets.UTF_8));
    // as the parser may refuse such a date, the records are dated 3000-01 on the topic itself: the
    // processor must not trust whoever wrote them
    for (AggregateRecord row : rows) {
      producer.send(new ProducerRecord<>(topics.records(), row.id(), datedYear3000(DmarcJson.encode(row)))).get();
    }
    producer.send(new ProducerRecord<>(topics.reports(), summary.id(), datedYear3000(DmarcJson.encode(summary)))).get();
    List<AggregateRecord> good = records(2, 27);
    for (AggregateRecord record : good) {
      send(record);
    }

    await().atMost(WAIT).ignoreExceptions().until(() -> count(good.get(0).reportKey()) == 2);
    awaitCommittedToEnd();
    List<ConsumerRecord<String, byte[]>> deadLetters = new TopicReader(LocalStack.kafka().bootstrapServers()).records(topics.deadLetter(), WAIT);
    assertThat(deadLetters).hasSize(rows.size() + 1).allSatisfy(d ->
        assertThat(new String(d.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
            .startsWith("report period outside the accepted window"));
    java.time.Instant year3000 = java.time.Instant.parse("3000-01-01T00:00:00Z");
    assertThat(es.indices().exists(e -> e.index(RecordIndex.indexFor(year3000))).value()).isFalse();
    assertThat(es.indices().exists(e -> e.index(ReportIndex.indexFor(year3000))).value()).isFalse();
  }

  private static byte[] datedYear3000(byte[] json) {
    String text = new String(json, StandardCharsets.UTF_8);
    assertThat(text).contains("2025-11-30T00:00:00Z");
    return text.replace("2025-11-30T", "3000-01-01T").getBytes(StandardCharsets.UTF_8);
  }

  private List<AggregateRecord> records(int rows, long seed) throws Exception {
    var generated = new ReportGenerator(seed).next(rows, (int) seed);
    AggregateReport report = new ReportParser().parse(generated.xml());
    return AggregateRecords.of(report);
  }

  private void send(AggregateRecord record) throws Exception {
    producer.send(new ProducerRecord<>(topics.records(), record.id(), DmarcJson.encode(record))).get();
  }

  private long count(String reportKey) throws Exception {
    es.indices().refresh(r -> r.index(RecordIndex.ALIAS).allowNoIndices(true).ignoreUnavailable(true));
    return es.count(c -> c.index(RecordIndex.ALIAS).allowNoIndices(true).ignoreUnavailable(true)
        .query(q -> q.term(t -> t.field("report.key").value(reportKey)))).count();
  }

  /** Rows and report summaries alike: a summary's offset is committed once its document is indexed. */
  private void awaitCommittedToEnd() {
    awaitCommittedToEnd(groupId, topics.records(), topics.reports());
  }

  private void awaitCommittedToEnd(String group, String... committedTopics) {
    TopicReader reader = new TopicReader(LocalStack.kafka().bootstrapServers());
    await().atMost(WAIT).ignoreExceptions().until(() -> reader.committedToEnd(group, committedTopics));
  }

  private Map<?, ?> awaitDeadLetterDocument(String key) {
    await().atMost(WAIT).ignoreExceptions().until(() -> deadLetterCount(key) > 0);
    try {
      return es.search(s -> s.index(DeadLetterIndex.INDEX).query(q -> q.term(t -> t.field("key").value(key))), Map.class)
          .hits().hits().get(0).source();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private long deadLetterCount(String key) throws Exception {
    es.indices().refresh(r -> r.index(DeadLetterIndex.INDEX));
    return es.count(c -> c.index(DeadLetterIndex.INDEX).query(q -> q.term(t -> t.field("key").value(key)))).count();
  }

  private ConsumerRecord<String, byte[]> readOne(String topic) {
    TopicReader reader = new TopicReader(LocalStack.kafka().bootstrapServers());
    await().atMost(WAIT).until(() -> reader.endOffsetSum(topic) > 0);
    return reader.records(topic, WAIT).get(0);
  }
}
