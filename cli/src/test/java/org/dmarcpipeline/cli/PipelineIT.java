package org.dmarcpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.dmarcpipeline.ingest.IngestService;
import org.dmarcpipeline.ingest.config.IngestConfig;
import org.dmarcpipeline.ingest.config.MailboxConfig;
import org.dmarcpipeline.processor.ProcessorService;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Secret;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.deadletter.DeadLetterHeaders;
import org.dmarcpipeline.schema.index.DeadLetterIndex;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.index.ReportIndex;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.generate.ReportMails;
import org.dmarcpipeline.testing.generate.ReportPacking;
import org.dmarcpipeline.testing.services.ImapClient;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One report mail travels IMAP -> Kafka -> Elasticsearch on real local services. */
class PipelineIT {

  private static final String PASSWORD = "imap-secret-" + UUID.randomUUID();
  private static final Duration WAIT = Duration.ofSeconds(90);

  private String mailboxUser;
  private Topics topics;
  private String groupId;
  private IngestService ingest;
  private ProcessorService processor;
  private ElasticsearchClient es;
  private ImapClient imap;

  @BeforeEach
  void startPipeline() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    mailboxUser = "reports-" + run + "@example.test";
    topics = Topics.DEFAULTS.withSuffix("-" + run);
    groupId = "processor-" + run;
    var imapServer = LocalStack.imap();
    imapServer.addUser(mailboxUser, PASSWORD);
    KafkaConnection kafka = KafkaConnection.plaintext(LocalStack.kafka().bootstrapServers());

    MailboxConfig mailbox =
        MailboxConfig.of(
            "it-" + run, imapServer.host(), imapServer.port(), mailboxUser, Secret.of(PASSWORD),
            Optional.of(imapServer.trustStore()), Optional.of(Secret.of("changeit")), Duration.ofMillis(300));
    ingest = IngestService.start(new IngestConfig(List.of(mailbox), kafka, topics));
    ElasticsearchConnection esConnection = ElasticsearchConnection.local(LocalStack.elasticsearch().url());
    processor = ProcessorService.start(new ProcessorConfig(kafka, topics, groupId, esConnection, 500, 2));
    es = ElasticsearchClients.create(esConnection);
    imap = new ImapClient(imapServer.host(), imapServer.port(), imapServer.trustStore(), mailboxUser, PASSWORD);
  }

  @AfterEach
  void stopPipeline() throws Exception {
    imap.close();
    ingest.close();
    processor.close();
    es.close();
  }

  @Test
  void reportMailShouldEndAsDocumentsWhenAppendedToTheMailbox() throws Exception {
    GeneratedReport report = new ReportGenerator(7).next(12, 1);
    imap.append("INBOX", ReportMails.mail(report, ReportPacking.ZIP, mailboxUser));

    await().atMost(WAIT).ignoreExceptions().until(() -> imap.count("DMARC-Processed") == 1);
    assertThat(imap.count("INBOX")).isZero();
    String reportKey = awaitDocuments(report.reportId(), 12);

    List<Map<String, Object>> docs = documents(reportKey);
    assertThat(docs).hasSize(12);
    long messages = docs.stream().mapToLong(d -> ((Number) d.get("count")).longValue()).sum();
    assertThat(messages).isEqualTo(report.messages());
    long passing =
        docs.stream()
            .filter(d -> "pass".equals(d.get("dmarc_result")))
            .mapToLong(d -> ((Number) d.get("count")).longValue())
            .sum();
    assertThat(passing).isEqualTo(report.passingMessages());
    Map<String, Object> first = docs.stream().filter(d -> index(d) == 0).findFirst().orElseThrow();
    String xml = new String(report.xml(), StandardCharsets.UTF_8);
    assertThat(xml).contains("<source_ip>" + ((Map<?, ?>) first.get("source")).get("ip") + "</source_ip>");
    assertThat(((Map<?, ?>) first.get("policy_evaluated")).get("disposition")).isIn("none", "reject");
    assertThat((List<?>) first.get("dkim_results")).singleElement().asString().matches("s1 / .+ / (pass|fail)");
    assertThat((List<?>) first.get("spf_results")).singleElement().asString().startsWith("mfrom / ");

    awaitOffsetsCommitted();
    es.indices().refresh(r -> r.index(ReportIndex.ALIAS));
    var summaries =
        es.search(s -> s.index(ReportIndex.ALIAS).query(q -> q.term(t -> t.field("key").value(reportKey))), Map.class)
            .hits().hits();
    assertThat(summaries).singleElement().satisfies(hit -> {
      assertThat(((Number) hit.source().get("records")).intValue()).isEqualTo(12);
      assertThat(((Number) hit.source().get("messages")).longValue()).isEqualTo(report.messages());
      assertThat(hit.source().get("org_name")).isEqualTo(report.reporterOrg());
    });
  }

  @Test
  void sameMailTwiceShouldLeaveTheSameDocumentsWhenIdsAreDeterministic() throws Exception {
    GeneratedReport report = new ReportGenerator(11).next(5, 2);
    byte[] mail = ReportMails.mail(report, ReportPacking.GZIP, mailboxUser);
    imap.append("INBOX", mail);
    await().atMost(WAIT).ignoreExceptions().until(() -> imap.count("DMARC-Processed") == 1);
    String reportKey = awaitDocuments(report.reportId(), 5);

    imap.append("INBOX", mail);
    await().atMost(WAIT).ignoreExceptions().until(() -> imap.count("DMARC-Processed") == 2);
    awaitOffsetsCommitted();
    refresh();
    assertThat(count(reportKey)).isEqualTo(5);
    assertThat(endOffsets(topics.records()).values().stream().mapToLong(Long::longValue).sum())
        .as("both deliveries reached Kafka")
        .isEqualTo(10);
  }

  @Test
  void brokenAttachmentShouldGoToInvalidFolderAndDeadLetterWhenItCannotBeParsed() throws Exception {
    byte[] broken =
        ReportMails.mail(
            "Report domain: example.com", mailboxUser, "report.xml.gz", "application/gzip",
            new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
    GeneratedReport good = new ReportGenerator(13).next(3, 3);
    imap.append("INBOX", broken);
    imap.append("INBOX", ReportMails.mail(good, ReportPacking.XML, mailboxUser));

    await().atMost(WAIT).ignoreExceptions().until(() -> imap.count("DMARC-Invalid") == 1 && imap.count("DMARC-Processed") == 1);
    assertThat(imap.count("INBOX")).isZero();
    awaitDocuments(good.reportId(), 3);

    ConsumerRecord<String, byte[]> deadLetter = readOne(topics.deadLetter());
    String reason = new String(deadLetter.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8);
    assertThat(reason).contains("report.xml.gz").containsAnyOf("gzip", "ZLIB", "zlib", "Unexpected end");
    assertThat(deadLetter.value()).isEqualTo(broken);

    // and from the topic, through the processor, to the dead-letter index beside its own refusals
    String mailbox = new String(deadLetter.headers().lastHeader(DeadLetterHeaders.MAILBOX).value(), StandardCharsets.UTF_8);
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      es.indices().refresh(r -> r.index(DeadLetterIndex.INDEX));
      return es.count(c -> c.index(DeadLetterIndex.INDEX).query(q -> q.term(t -> t.field("key").value(deadLetter.key())))).count() == 1;
    });
    Map<?, ?> document = es.search(s -> s.index(DeadLetterIndex.INDEX).query(q -> q.term(t -> t.field("key").value(deadLetter.key()))), Map.class)
        .hits().hits().get(0).source();
    assertThat(document.get("stage")).isEqualTo("ingest");
    assertThat(document.get("reason")).isEqualTo(reason);
    assertThat(document.get("source")).isEqualTo(mailbox);
  }

  private String awaitDocuments(String reportId, long expected) {
    String[] key = new String[1];
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              refresh();
              var response =
                  es.search(
                      s -> s.index(RecordIndex.ALIAS)
                          .size(1)
                          .query(q -> q.term(t -> t.field("report.report_id").value(reportId))),
                      Map.class);
              if (response.hits().hits().isEmpty()) {
                return false;
              }
              key[0] = (String) ((Map<?, ?>) response.hits().hits().get(0).source().get("report")).get("key");
              return count(key[0]) == expected;
            });
    return key[0];
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> documents(String reportKey) throws Exception {
    SearchResponse<Map> response =
        es.search(
            s -> s.index(RecordIndex.ALIAS).size(1000).query(q -> q.term(t -> t.field("report.key").value(reportKey))),
            Map.class);
    return response.hits().hits().stream().map(Hit::source).map(m -> (Map<String, Object>) m).toList();
  }

  private static int index(Map<String, Object> doc) {
    return ((Number) ((Map<?, ?>) doc.get("report")).get("record_index")).intValue();
  }

  private long count(String reportKey) throws Exception {
    return es.count(c -> c.index(RecordIndex.ALIAS).query(q -> q.term(t -> t.field("report.key").value(reportKey)))).count();
  }

  private void refresh() throws Exception {
    es.indices().refresh(r -> r.index(RecordIndex.ALIAS).allowNoIndices(true));
  }

  /** Rows and report summaries alike: a summary's offset is committed once its document is indexed. */
  private void awaitOffsetsCommitted() {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () -> {
              Map<TopicPartition, Long> end = new HashMap<>(endOffsets(topics.records()));
              end.putAll(endOffsets(topics.reports()));
              try (Admin admin = Admin.create(Map.of("bootstrap.servers", LocalStack.kafka().bootstrapServers()))) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
                return end.entrySet().stream()
                    .allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() == e.getValue()));
              }
            });
  }

  private Map<TopicPartition, Long> endOffsets(String topic) {
    return new TopicReader(LocalStack.kafka().bootstrapServers()).endOffsets(topic);
  }

  private ConsumerRecord<String, byte[]> readOne(String topic) {
    TopicReader reader = new TopicReader(LocalStack.kafka().bootstrapServers());
    await().atMost(WAIT).until(() -> reader.endOffsetSum(topic) > 0);
    return reader.records(topic, WAIT).get(0);
  }
}
