package org.dmarcpipeline.processor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.dmarcpipeline.processor.ProcessorService;
import org.dmarcpipeline.processor.config.AlertSettings;
import org.dmarcpipeline.processor.config.DnsSettings;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.index.AlertIndex;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TopicReader;
import org.dmarcpipeline.testing.services.TopicWriter;
import org.junit.jupiter.api.Test;

/**
 * No alert storm: 100,000 report rows over 1,000 domains go through Kafka and the processor with
 * alerting on, and the alerts raised are exactly the conditions planted among them.
 */
class AlertStormIT {

  private static final int DOMAINS = 1000;
  private static final int ROWS_PER_DOMAIN = 100;
  private static final Set<Integer> FAILING_SHARE = Set.of(11, 222, 333, 444, 555, 666, 777);
  private static final Set<Integer> NEW_FAILING_SOURCE = Set.of(100, 500, 900);

  @Test
  void alertsShouldEqualThePlantedConditions() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 6);
    Topics topics = Topics.DEFAULTS.withSuffix("-" + run);
    String alertsTopic = "dmarc.alerts-" + run;
    String bootstrap = LocalStack.kafka().bootstrapServers();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topics.records(), 3, (short) 1), new NewTopic(topics.reports(), 1, (short) 1),
          new NewTopic(topics.deadLetter(), 1, (short) 1), new NewTopic(alertsTopic, 1, (short) 1))).all().get();
    }
    // Inside the default 24 h window of every evaluation while the test runs.
    Instant begin = Instant.now().minus(Duration.ofHours(6));
    Set<String> ids = new HashSet<>();
    List<ProducerRecord<String, byte[]>> records = new java.util.ArrayList<>();
    for (int d = 0; d < DOMAINS; d++) {
      for (AggregateRecord record : AggregateRecords.of(new ReportParser().parse(report(run, d, begin)))) {
        // as ingest sends them: a report's rows in order on one partition
        records.add(new ProducerRecord<>(topics.records(), Topics.recordPartition(record.reportKey(), 3), record.id(),
            DmarcJson.encode(record)));
        ids.add(record.id());
      }
    }
    TopicWriter.publishAll(bootstrap, records);
    assertThat(ids).hasSize(DOMAINS * ROWS_PER_DOMAIN);

    AlertSettings alerts = new AlertSettings(Duration.ofSeconds(3), new AlertSettings.Threshold(0.05, 1000, 100), Duration.ofHours(24), Duration.ofHours(12),
        Duration.ofSeconds(3), alertsTopic, Optional.empty(), Optional.empty(), Map.of(), AlertSettings.ReportsStopped.DEFAULT);
    ProcessorConfig config = new ProcessorConfig(KafkaConnection.plaintext(bootstrap), topics, "storm-" + run,
        ElasticsearchConnection.local(LocalStack.elasticsearch().url()), 1000, 2, DnsSettings.disabled(), alerts);
    try (ElasticsearchClient es = ElasticsearchClients.create(ElasticsearchConnection.local(LocalStack.elasticsearch().url()));
        var processor = ProcessorService.start(config)) {
      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> indexed(es, run) == ids.size());
      // On a loaded machine an evaluation can trail the data by more than any fixed wait: wait for
      // the planted alerts, then let several more evaluations run to show that nothing else comes.
      TopicReader reader = new TopicReader(bootstrap);
      int planted = FAILING_SHARE.size() + NEW_FAILING_SOURCE.size();
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
          .until(() -> notifications(reader, alertsTopic, run).size() >= planted);
      Thread.sleep(Duration.ofSeconds(10));
      List<String> notifications = notifications(reader, alertsTopic, run);

      long shareAlerts = notifications.stream().filter(b -> b.contains("\"rule\":\"dmarc_failure_share\"")).count();
      long sourceAlerts = notifications.stream().filter(b -> b.contains("\"rule\":\"source_change\"")).count();
      assertThat(shareAlerts).as("one per domain with a planted failure share").isEqualTo(FAILING_SHARE.size());
      assertThat(sourceAlerts).as("one per domain with a planted new failing source").isEqualTo(NEW_FAILING_SOURCE.size());
      assertThat(notifications).as("nothing else, and nothing twice").hasSize(FAILING_SHARE.size() + NEW_FAILING_SOURCE.size());
      // A share alert may open while a domain's rows are still arriving (its figures are then the
      // part seen so far); the open alert follows the data, so the stored one shows all of them.
      for (int d : FAILING_SHARE) {
        assertThat(notifications).anySatisfy(b -> assertThat(b).contains("\"domain\":\"" + domain(run, d) + "\"")
            .contains("\"rule\":\"dmarc_failure_share\"").contains("% of ").contains("failed DMARC"));
      }
      for (int d : NEW_FAILING_SOURCE) {
        assertThat(notifications).anySatisfy(b -> assertThat(b).contains("\"domain\":\"" + domain(run, d) + "\"")
            .contains("new source 198.51.100.0/24 sent 500 messages failing DMARC"));
      }
      es.indices().refresh(r -> r.index(AlertIndex.INDEX));
      var stored = es.search(s -> s.index(AlertIndex.INDEX).size(100)
          .query(q -> q.wildcard(w -> w.field("domain").value("*-" + run + ".example"))), Map.class).hits().hits();
      assertThat(stored).as("one alert document per planted condition").hasSize(FAILING_SHARE.size() + NEW_FAILING_SOURCE.size());
      for (int d : FAILING_SHARE) {
        assertThat(stored).anySatisfy(hit -> assertThat(hit.source()).containsEntry("domain", domain(run, d))
            .containsEntry("status", "open").containsEntry("summary", domain(run, d) + ": 30.0% of 2000 messages failed DMARC in the last PT24H"));
      }
    }
  }

  private static List<String> notifications(TopicReader reader, String topic, String run) {
    return reader.records(topic, Duration.ofSeconds(10)).stream()
        .map(r -> new String(r.value(), StandardCharsets.UTF_8)).filter(body -> body.contains(run)).toList();
  }

  private static long indexed(ElasticsearchClient es, String run) throws Exception {
    es.indices().refresh(r -> r.index(RecordIndex.ALIAS).allowNoIndices(true).ignoreUnavailable(true));
    return es.count(c -> c.index(RecordIndex.ALIAS).allowNoIndices(true).ignoreUnavailable(true).query(q -> q.term(t -> t.field("report.org_name").value("storm-" + run)))).count();
  }

  private static String domain(String run, int d) {
    return "d%04d-%s.example".formatted(d, run);
  }

  /**
   * One report of 100 rows for domain {@code d}. Ordinary domains: 99 passing rows of 20 messages
   * and one failing row of 10 (0.5% failing, a source too small to matter). Planted failure share:
   * 30 of the rows fail, 20 messages each from 30 networks (30%, no network large enough for a
   * source alert). Planted new source: 99 passing rows of 200 and one network that never sent
   * before failing with 500 messages (2.5%, under the share threshold), in the last row: the rules
   * run while rows arrive, and a report's first rows alone, with that row among them, would be a
   * real failure share (45% of 1,100 messages).
   */
  private static byte[] report(String run, int d, Instant begin) {
    StringBuilder rows = new StringBuilder();
    for (int r = 0; r < ROWS_PER_DOMAIN; r++) {
      boolean fail;
      int count;
      String ip;
      if (FAILING_SHARE.contains(d)) {
        fail = r < 30;
        count = 20;
        ip = fail ? "203.0.%d.%d".formatted(r, 1 + d % 250) : "192.0.2.%d".formatted(1 + r);
      } else if (NEW_FAILING_SOURCE.contains(d)) {
        fail = r == ROWS_PER_DOMAIN - 1;
        count = fail ? 500 : 200;
        ip = fail ? "198.51.100.7" : "192.0.2.%d".formatted(1 + r);
      } else {
        fail = r == 0;
        count = fail ? 10 : 20;
        ip = fail ? "203.0.113.%d".formatted(1 + d % 250) : "192.0.2.%d".formatted(1 + r);
      }
      String result = fail ? "fail" : "pass";
      rows.append("""
          <record><row><source_ip>%s</source_ip><count>%d</count><policy_evaluated><disposition>none</disposition>
          <dkim>%s</dkim><spf>%s</spf></policy_evaluated></row><identifiers><header_from>%s</header_from></identifiers>
          <auth_results><dkim><domain>%s</domain><selector>s1</selector><result>%s</result></dkim>
          <spf><domain>%s</domain><result>%s</result></spf></auth_results></record>
          """.formatted(ip, count, result, result, domain(run, d), domain(run, d), result, domain(run, d), result));
    }
    long from = begin.getEpochSecond();
    return """
        <feedback><report_metadata><org_name>storm-%s</org_name><email>r@storm.example</email>
        <report_id>%s-%d</report_id><date_range><begin>%d</begin><end>%d</end></date_range></report_metadata>
        <policy_published><domain>%s</domain><p>reject</p><sp>reject</sp><pct>100</pct></policy_published>
        %s</feedback>
        """.formatted(run, run, d, from, from + 3600, domain(run, d), rows).getBytes(StandardCharsets.UTF_8);
  }
}
