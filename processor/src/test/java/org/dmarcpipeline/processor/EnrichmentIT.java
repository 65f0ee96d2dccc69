package org.dmarcpipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dmarcpipeline.processor.config.DnsSettings;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.index.ReportIndex;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.schema.record.ReportSummary;
import org.dmarcpipeline.testing.reports.ReportSummaries;
import org.dmarcpipeline.testing.services.LocalNsd;
import org.dmarcpipeline.testing.services.LocalStack;
import org.junit.jupiter.api.Test;

/** A row indexed with its live DNS cross-check: Kafka, NSD and Elasticsearch all real. */
class EnrichmentIT {

  private static final String REPORT = """
      <?xml version="1.0"?>
      <feedback>
        <report_metadata><org_name>google.com</org_name><email>noreply@google.com</email>
          <report_id>enrich-1</report_id><date_range><begin>1764460800</begin><end>1764547199</end></date_range></report_metadata>
        <policy_published><domain>example.co.uk</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>
        <record>
          <row><source_ip>192.0.2.10</source_ip><count>7</count>
            <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>
          <identifiers><header_from>news.example.co.uk</header_from><envelope_from>example.co.uk</envelope_from></identifiers>
          <auth_results>
            <dkim><domain>example.co.uk</domain><selector>s2048</selector><result>pass</result></dkim>
            <dkim><domain>example.co.uk</domain><selector>s1024</selector><result>pass</result></dkim>
            <dkim><domain>example.co.uk</domain><selector>gone</selector><result>fail</result></dkim>
            <spf><domain>example.co.uk</domain><scope>mfrom</scope><result>pass</result></spf>
          </auth_results>
        </record>
        <record>
          <row><source_ip>192.0.2.10</source_ip><count>2</count>
            <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>pass</spf></policy_evaluated></row>
          <identifiers><header_from>example.co.uk</header_from><envelope_from>example.co.uk</envelope_from></identifiers>
          <auth_results>
            <spf><domain>example.co.uk</domain><scope>mfrom</scope><result>softfail</result></spf>
          </auth_results>
        </record>
      </feedback>
      """;

  @Test
  @SuppressWarnings("unchecked")
  void rowShouldBeIndexedWithWhatDnsSaysNow() throws Exception {
    Map<String, String> zones = new LinkedHashMap<>();
    for (String zone : List.of("example.co.uk", "2.0.192.in-addr.arpa")) {
      try (InputStream in = EnrichmentIT.class.getResourceAsStream("/dns/" + zone + ".zone")) {
        zones.put(zone, new String(in.readAllBytes(), StandardCharsets.US_ASCII));
      }
    }
    String run = UUID.randomUUID().toString().substring(0, 8);
    Topics topics = Topics.DEFAULTS.withSuffix("-" + run);
    String bootstrap = LocalStack.kafka().bootstrapServers();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topics.records(), 1, (short) 1), new NewTopic(topics.reports(), 1, (short) 1))).all().get();
    }
    ElasticsearchConnection esConnection = ElasticsearchConnection.local(LocalStack.elasticsearch().url());
    byte[] xml = REPORT.strip().getBytes(StandardCharsets.UTF_8);
    List<AggregateRecord> rows = AggregateRecords.of(new ReportParser().parse(xml));
    AggregateRecord row = rows.get(0);
    ReportSummary summary = ReportSummaries.of(xml);

    try (LocalNsd nsd = LocalNsd.start(zones);
        ProcessorService processor = ProcessorService.start(new ProcessorConfig(
            KafkaConnection.plaintext(bootstrap), topics, "enrich-" + run, esConnection, 100, 1, DnsSettings.of(List.of(nsd.address()))));
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer());
        ElasticsearchClient es = ElasticsearchClients.create(esConnection)) {
      for (AggregateRecord r : rows) {
        producer.send(new ProducerRecord<>(topics.records(), r.id(), DmarcJson.encode(r))).get();
      }
      producer.send(new ProducerRecord<>(topics.reports(), summary.id(), DmarcJson.encode(summary))).get();

      Map<String, Object> doc = await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
          () -> (Map<String, Object>) es.get(g -> g.index(RecordIndex.indexFor(row.reportMetadata().dateRange().begin())).id(row.id()), Map.class).source(),
          d -> d != null);

      Map<String, Object> source = (Map<String, Object>) doc.get("source");
      assertThat(source).containsEntry("ip", "192.0.2.10").containsEntry("domain", "mail.example.co.uk").containsEntry("rdns_status", "confirmed");
      // an agreeing verdict carries no details: the report states its domain and result already
      assertThat((Map<String, Object>) doc.get("spf_now")).containsOnly(Map.entry("result", "pass"));
      // only the keys that need fixing: the 2048-bit one is healthy and not named
      List<Map<String, Object>> keys = (List<Map<String, Object>>) doc.get("dkim_keys");
      assertThat(keys).extracting(k -> k.get("location") + ":" + k.get("status"))
          .containsExactly("s1024._domainkey.example.co.uk:short", "gone._domainkey.example.co.uk:revoked");
      assertThat(doc).doesNotContainKey("dmarc_now");
      // recomputed alignment agrees with the reporter: nothing to say
      assertThat(doc).doesNotContainKey("alignment");

      Map<String, Object> disagreeing = await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
          () -> (Map<String, Object>) es.get(g -> g.index(RecordIndex.indexFor(row.reportMetadata().dateRange().begin())).id(rows.get(1).id()), Map.class).source(),
          d -> d != null);
      assertThat((Map<String, Object>) disagreeing.get("spf_now")).containsOnlyKeys("result", "domain", "reported")
          .containsEntry("result", "pass").containsEntry("domain", "example.co.uk").containsEntry("reported", "softfail");
      // the reporter applied SPF as aligned though its own softfail is not a pass
      assertThat((Map<String, Object>) disagreeing.get("alignment")).containsOnly(Map.entry("disagrees", List.of("spf")));
      assertThat(disagreeing).doesNotContainKey("dkim_keys");

      // the DMARC record now is the report's: found once, on the report's document
      Map<String, Object> reportDoc = await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
          () -> (Map<String, Object>) es.get(g -> g.index(ReportIndex.indexFor(row.reportMetadata().dateRange().begin())).id(summary.id()), Map.class).source(),
          d -> d != null);
      Map<String, Object> dmarc = (Map<String, Object>) reportDoc.get("dmarc_now");
      assertThat(dmarc).containsEntry("status", "found").containsEntry("p", "reject").containsEntry("adkim", "s");
      assertThat((List<String>) dmarc.get("drift")).contains("p: report says none, DNS now says reject");
    }
  }
}
