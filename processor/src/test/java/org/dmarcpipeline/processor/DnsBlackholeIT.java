package org.dmarcpipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dmarcpipeline.processor.config.DnsSettings;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import org.dmarcpipeline.processor.dns.BlackholeDns;
import org.dmarcpipeline.processor.dns.LookupBudget;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.schema.record.ReportSummary;
import org.dmarcpipeline.testing.reports.ReportSummaries;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * Cases K4 and D3: a resolver that never answers and a report naming many distinct sources. Asked
 * one by one, the sources' lookups would hold the poll loop far past its poll interval; the poll's
 * DNS deadline keeps it in its group.
 */
class DnsBlackholeIT {

  private static final int SOURCES = 80;
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(20);
  private static final Duration DNS_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration POLL_BUDGET = Duration.ofSeconds(3);

  @Test
  void processorShouldStayInItsGroupAndIndexTheRowsUncheckedWhenDnsNeverAnswers_K4_D3() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Topics topics = Topics.DEFAULTS.withSuffix("-" + run);
    String groupId = "blackhole-" + run;
    String bootstrap = LocalStack.kafka().bootstrapServers();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topics.records(), 1, (short) 1), new NewTopic(topics.reports(), 1, (short) 1),
          new NewTopic(topics.deadLetter(), 1, (short) 1))).all().get();
    }
    byte[] big = report("blackhole-big-" + run, SOURCES, 0);
    List<AggregateRecord> rows = AggregateRecords.of(new ReportParser().parse(big));
    ReportSummary summary = ReportSummaries.of(big);
    assertThat(rows).hasSize(SOURCES);
    ElasticsearchConnection esConnection = ElasticsearchConnection.local(LocalStack.elasticsearch().url()).withTimeout(Duration.ofSeconds(10));
    // an interval the checks of 80 sources, a second each, would overrun four times over
    KafkaConnection kafka = new KafkaConnection(bootstrap, "PLAINTEXT", Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Map.of("max.poll.interval.ms", Long.toString(POLL_INTERVAL.toMillis())));

    try (BlackholeDns blackhole = BlackholeDns.start();
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer());
        ElasticsearchClient es = ElasticsearchClients.create(esConnection)) {
      // all of the report before the processor starts: its first poll holds every row
      for (AggregateRecord row : rows) {
        producer.send(new ProducerRecord<>(topics.records(), row.id(), DmarcJson.encode(row))).get();
      }
      producer.send(new ProducerRecord<>(topics.reports(), summary.id(), DmarcJson.encode(summary))).get();
      DnsSettings dns = new DnsSettings(List.of(blackhole.address()), DNS_TIMEOUT, 0, 50, LookupBudget.Limits.DEFAULTS, POLL_BUDGET);
      ProcessorConfig config = new ProcessorConfig(kafka, topics, groupId, esConnection, 100, 1, dns);

      try (ProcessorService processor = ProcessorService.start(config)) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> indexed(es, rows) == SOURCES);
        awaitCommittedToEnd(topics, groupId);

        List<String> statuses = rdnsStatuses(es, rows);
        // the first few asked the blackhole before the deadline and timed out; the rest were not asked
        assertThat(statuses).allMatch(s -> s.equals("unchecked") || s.equals("temperror"));
        assertThat(statuses.stream().filter("unchecked"::equals).count()).isGreaterThan(SOURCES - 10L);
        assertThat(blackhole.dropped()).as("questions asked within the poll's budget").isLessThan(20);

        // still a member, and a report arriving now is indexed within seconds
        assertThat(members(groupId)).isEqualTo(1);
        byte[] later = report("blackhole-later-" + run, 2, 100);
        List<AggregateRecord> laterRows = AggregateRecords.of(new ReportParser().parse(later));
        for (AggregateRecord row : laterRows) {
          producer.send(new ProducerRecord<>(topics.records(), row.id(), DmarcJson.encode(row))).get();
        }
        await().atMost(POLL_BUDGET.plus(Duration.ofSeconds(10))).ignoreExceptions().until(() -> indexed(es, laterRows) == laterRows.size());
        awaitCommittedToEnd(topics, groupId);
        assertThat(members(groupId)).isEqualTo(1);
      }
    }
  }

  /** A report of {@code sources} rows, each from its own IP with its own SPF domain. */
  private static byte[] report(String reportId, int sources, int first) {
    StringBuilder xml = new StringBuilder("""
        <?xml version="1.0"?>
        <feedback>
          <report_metadata><org_name>blackhole.example</org_name><email>noreply@blackhole.example</email>
            <report_id>%s</report_id><date_range><begin>1764460800</begin><end>1764547199</end></date_range></report_metadata>
          <policy_published><domain>example.org</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>
        """.formatted(reportId));
    for (int i = first; i < first + sources; i++) {
      xml.append("""
            <record>
              <row><source_ip>198.51.%d.%d</source_ip><count>1</count>
                <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>pass</spf></policy_evaluated></row>
              <identifiers><header_from>example.org</header_from></identifiers>
              <auth_results><spf><domain>s%d.example.org</domain><scope>mfrom</scope><result>pass</result></spf></auth_results>
            </record>
          """.formatted(100 + i / 250, 1 + i % 250, i));
    }
    return xml.append("</feedback>\n").toString().strip().getBytes(StandardCharsets.UTF_8);
  }

  private static long indexed(ElasticsearchClient es, List<AggregateRecord> rows) throws Exception {
    es.indices().refresh(r -> r.index(RecordIndex.ALIAS).allowNoIndices(true).ignoreUnavailable(true));
    return es.count(c -> c.index(RecordIndex.ALIAS).allowNoIndices(true).ignoreUnavailable(true)
        .query(q -> q.ids(i -> i.values(rows.stream().map(AggregateRecord::id).toList())))).count();
  }

  @SuppressWarnings("unchecked")
  private static List<String> rdnsStatuses(ElasticsearchClient es, List<AggregateRecord> rows) throws Exception {
    return es.search(s -> s.index(RecordIndex.ALIAS).size(rows.size())
            .query(q -> q.ids(i -> i.values(rows.stream().map(AggregateRecord::id).toList()))), Map.class)
        .hits().hits().stream()
        .map(hit -> (String) ((Map<String, Object>) hit.source().get("source")).get("rdns_status"))
        .toList();
  }

  private static int members(String groupId) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", LocalStack.kafka().bootstrapServers()))) {
      ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId).get();
      return group.members().size();
    }
  }

  private static void awaitCommittedToEnd(Topics topics, String groupId) {
    TopicReader reader = new TopicReader(LocalStack.kafka().bootstrapServers());
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> reader.committedToEnd(groupId, topics.records(), topics.reports()));
  }
}
