package org.dmarcpipeline.processor.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.dmarcpipeline.schema.index.KeyFinding;
import org.dmarcpipeline.schema.index.DmarcStatus;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmarcpipeline.processor.config.AlertSettings;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.processor.index.IndexTemplates;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.unpack.ReportUnpacker;
import org.dmarcpipeline.schema.xml.AggregateReportReader;
import org.dmarcpipeline.schema.xml.ReaderLimits;
import org.dmarcpipeline.schema.config.Secret;
import org.dmarcpipeline.schema.index.Enrichment;
import org.dmarcpipeline.schema.index.RecordDocument;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.index.ReportDocument;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.testing.services.LocalStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alert rules over the real Elasticsearch, notifications to a real local HTTP server. */
class AlertEngineIT {

  private static final String KEY = "webhook-key";
  /** Far from every other test's data, so the window holds only what this test indexes. */
  private static final Instant DAY = Instant.parse("2031-01-01T00:00:00Z");
  /** The parser refuses periods in its future: its clock stands after every period indexed here. */
  private static final ReportParser PARSER = new ReportParser(new ReportUnpacker(),
      new AggregateReportReader(ReaderLimits.DEFAULTS, Clock.fixed(DAY.plus(Duration.ofDays(3)), ZoneOffset.UTC)));

  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<Boolean> signaturesValid = new CopyOnWriteArrayList<>();
  private HttpServer webhook;
  /** While true the webhook answers 503 and keeps nothing, like a receiver that is down. */
  private volatile boolean refusing;
  private ElasticsearchClient es;
  private String run;

  @BeforeEach
  void start() throws Exception {
    run = UUID.randomUUID().toString().substring(0, 6);
    webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    webhook.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (refusing) {
        exchange.sendResponseHeaders(503, -1);
        exchange.close();
        return;
      }
      String signature = exchange.getRequestHeaders().getFirst(WebhookSink.SIGNATURE_HEADER);
      signaturesValid.add(("sha256=" + WebhookSink.sign(body, KEY)).equals(signature));
      bodies.add(new String(body, StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    webhook.start();
    es = ElasticsearchClients.create(ElasticsearchConnection.local(LocalStack.elasticsearch().url()));
    IndexTemplates.install(es);
  }

  @AfterEach
  void stop() throws Exception {
    webhook.stop(0);
    es.close();
  }

  private AlertEngine engine() {
    return engine(3);
  }

  private AlertEngine engine(int webhookAttempts) {
    return engine(webhookAttempts, Duration.ZERO);
  }

  private AlertEngine engine(int webhookAttempts, Duration pendingFor) {
    URI url = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
    return new AlertEngine(es,
        List.of(new DmarcFailureShareRule(0.05, 1000, Duration.ofHours(24)), new DnsBreakageRule(Duration.ofHours(24))),
        List.of(new WebhookSink(url, Secret.of(KEY), webhookAttempts)), Duration.ofHours(12), pendingFor);
  }

  /** One row for {@code domain} at {@code DAY + 12h}: count messages, passing or not. */
  private void index(String domain, String ip, int count, boolean pass, Enrichment dns) throws Exception {
    index(domain, ip, count, pass, dns, DAY.plus(Duration.ofHours(12)));
  }

  private void index(String domain, String ip, int count, boolean pass, Enrichment dns, Instant at) throws Exception {
    long begin = at.getEpochSecond();
    String result = pass ? "pass" : "fail";
    String xml = """
        <feedback><report_metadata><org_name>google.com</org_name><email>a@google.com</email>
        <report_id>%s-%s-%s</report_id><date_range><begin>%d</begin><end>%d</end></date_range></report_metadata>
        <policy_published><domain>%s</domain><p>reject</p><sp>reject</sp><pct>100</pct></policy_published>
        <record><row><source_ip>%s</source_ip><count>%d</count><policy_evaluated><disposition>none</disposition>
        <dkim>%s</dkim><spf>%s</spf></policy_evaluated></row><identifiers><header_from>%s</header_from></identifiers>
        <auth_results><dkim><domain>%s</domain><selector>s9</selector><result>%s</result></dkim>
        <spf><domain>%s</domain><result>%s</result></spf></auth_results></record></feedback>
        """.formatted(run, domain, ip, begin, begin + 3600, domain, ip, count, result, result, domain, domain, result, domain, result);
    AggregateRecord row = AggregateRecords.of(PARSER.parse(xml.getBytes(StandardCharsets.UTF_8))).get(0);
    es.index(i -> i.index(RecordIndex.indexFor(row.reportMetadata().dateRange().begin())).id(row.id())
        .document(BinaryData.of(DmarcJson.encode(RecordDocument.of(row, dns)), ContentType.APPLICATION_JSON)).refresh(Refresh.True));
  }

  private static Enrichment revokedKey(String domain) {
    return new Enrichment(null, null, null, List.of(new Enrichment.DkimKey("s9._domainkey." + domain, KeyFinding.REVOKED)));
  }

  @Test
  void rulesShouldFireOnceSuppressRepeatsAndResolve() throws Exception {
    String bad = "bad-" + run + ".example";
    String quiet = "quiet-" + run + ".example";
    String small = "small-" + run + ".example";
    index(bad, "192.0.2.1", 900, true, null);
    index(bad, "203.0.113.66", 300, false, revokedKey(bad));
    index(quiet, "192.0.2.2", 5000, true, null);
    index(quiet, "192.0.2.3", 100, false, null); // 2% failing: under the 5% threshold
    index(small, "203.0.113.7", 50, false, null); // all failing, but under 1,000 messages
    Instant now = DAY.plus(Duration.ofHours(20));

    engine().evaluate(now);

    // the alerts index is shared with other tests: look only at this test's domains
    List<String> mine = bodies.stream().filter(b -> b.contains(run)).toList();
    assertThat(mine).hasSize(2);
    assertThat(mine).anySatisfy(b -> assertThat(b).contains("\"kind\":\"opened\"").contains("25.0% of 1200 messages failed DMARC")
        .contains("203.0.113.66").contains("\"failures\":300"));
    assertThat(mine).anySatisfy(b -> assertThat(b).contains("DKIM key s9._domainkey." + bad + " is in use but revoked")
        .contains("publish a key at s9._domainkey." + bad + " or stop signing with selector s9"));
    assertThat(signaturesValid).containsOnly(true);

    engine().evaluate(now.plus(Duration.ofHours(1)));
    assertThat(bodies.stream().filter(b -> b.contains(run))).as("repeat within the suppression window").hasSize(2);

    engine().evaluate(DAY.plus(Duration.ofDays(3)));
    assertThat(bodies.stream().filter(b -> b.contains(run) && b.contains("\"kind\":\"resolved\""))).as("both cleared").hasSize(2);
    assertThat(bodies.stream().filter(b -> b.contains(quiet) || b.contains(small))).as("under the thresholds").isEmpty();
  }

  @Test
  void aConditionShouldOpenItsAlertOnlyOnceItHeldForThePendingTime() throws Exception {
    String domain = "pending-" + run + ".example";
    index(domain, "203.0.113.50", 2000, false, null);
    Instant now = DAY.plus(Duration.ofHours(20));
    AlertEngine engine = engine(3, Duration.ofMinutes(5));

    engine.evaluate(now);
    engine.evaluate(now.plus(Duration.ofMinutes(4)));
    assertThat(bodies.stream().filter(b -> b.contains(domain))).as("still pending").isEmpty();

    engine.evaluate(now.plus(Duration.ofMinutes(5)));
    assertThat(bodies.stream().filter(b -> b.contains(domain))).singleElement().asString()
        .contains("\"kind\":\"opened\"").contains("100.0% of 2000 messages failed DMARC");
  }

  @Test
  void aConditionThatClearsWithinThePendingTimeShouldNeverNotify() throws Exception {
    // A report seen half indexed: its failing rows are in, its passing ones not yet.
    String domain = "half-" + run + ".example";
    index(domain, "203.0.113.51", 1100, false, null);
    Instant now = DAY.plus(Duration.ofHours(20));
    AlertEngine engine = engine(3, Duration.ofMinutes(5));
    engine.evaluate(now);

    index(domain, "192.0.2.51", 50_000, true, null); // the rest of it: 2.2% failing in all
    engine.evaluate(now.plus(Duration.ofMinutes(5)));
    engine.evaluate(now.plus(Duration.ofMinutes(10)));

    assertThat(bodies.stream().filter(b -> b.contains(domain))).isEmpty();
    // the alerts index exists only once some test stored an alert: none may have yet
    es.indices().refresh(r -> r.index(org.dmarcpipeline.schema.index.AlertIndex.INDEX).allowNoIndices(true).ignoreUnavailable(true));
    assertThat(es.count(c -> c.index(org.dmarcpipeline.schema.index.AlertIndex.INDEX).allowNoIndices(true).ignoreUnavailable(true)
        .query(q -> q.term(t -> t.field("domain").value(domain)))).count()).as("no alert stored either").isZero();
  }

  @Test
  void aSlackWebhookShouldGetABlockKitMessage() throws Exception {
    String bad = "slack-" + run + ".example";
    index(bad, "192.0.2.40", 900, true, null);
    index(bad, "203.0.113.40", 300, false, null);
    URI url = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
    AlertEngine engine = new AlertEngine(es, List.of(new DmarcFailureShareRule(0.05, 1000, Duration.ofHours(24))),
        List.of(new WebhookSink(url, java.util.Optional.empty(), AlertSettings.WebhookFormat.SLACK, 3)), Duration.ofHours(12), Duration.ZERO);

    engine.evaluate(DAY.plus(Duration.ofHours(20)));

    List<String> mine = bodies.stream().filter(b -> b.contains(bad)).toList();
    assertThat(mine).hasSize(1);
    var message = DmarcJson.mapper().readTree(mine.get(0));
    assertThat(message.get("text").asText()).isEqualTo("[opened] " + bad + ": 25.0% of 1200 messages failed DMARC in the last PT24H");
    assertThat(message.get("blocks").get(0).get("text").get("text").asText()).isEqualTo("DMARC alert: " + bad);
    List<String> sections = new java.util.ArrayList<>();
    message.get("blocks").forEach(block -> sections.add(block.path("text").path("text").asText()));
    assertThat(sections).anySatisfy(text -> assertThat(text).startsWith("*Suggested fix:*").contains("203.0.113.40"));
    assertThat(message.has("alert")).as("only what Slack reads").isFalse();
    assertThat(signaturesValid).as("unsigned without a key").containsOnly(false);
  }

  @Test
  void aDomainsOwnThresholdShouldReplaceTheDefault() throws Exception {
    String tolerant = "tolerant-" + run + ".example";
    String strict = "strict-" + run + ".example";
    for (String domain : List.of(tolerant, strict)) {
      index(domain, "192.0.2.30", 900, true, null);
      index(domain, "203.0.113.30", 300, false, null); // 25% failing
    }
    URI url = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
    var rule = new DmarcFailureShareRule(new AlertSettings.Threshold(0.05, 1000),
        java.util.Map.of(tolerant, new AlertSettings.Threshold(0.30, 1000)), Duration.ofHours(24));
    AlertEngine engine = new AlertEngine(es, List.of(rule), List.of(new WebhookSink(url, Secret.of(KEY), 3)), Duration.ofHours(12), Duration.ZERO);

    engine.evaluate(DAY.plus(Duration.ofHours(20)));

    assertThat(bodies.stream().filter(b -> b.contains(strict))).singleElement().asString().contains("25.0% of 1200 messages");
    assertThat(bodies.stream().filter(b -> b.contains(tolerant))).as("25% is under its own 30%").isEmpty();
  }

  @Test
  void dmarcRecordDriftShouldRaiseOneAlertPerDifferenceAndNoneWithoutDrift() throws Exception {
    String drifted = "drifted-" + run + ".example";
    String steady = "steady-" + run + ".example";
    indexSummary(drifted, DAY.plus(Duration.ofHours(12)), dmarcNow(List.of("p: report says reject, DNS now says none")));
    indexSummary(steady, DAY.plus(Duration.ofHours(12)), dmarcNow(List.of()));
    URI url = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
    AlertEngine engine = new AlertEngine(es, List.of(new DnsBreakageRule(Duration.ofHours(24))),
        List.of(new WebhookSink(url, Secret.of(KEY), 3)), Duration.ofHours(12), Duration.ZERO);

    engine.evaluate(DAY.plus(Duration.ofHours(20)));

    assertThat(bodies.stream().filter(b -> b.contains(drifted))).singleElement().asString()
        .contains("published DMARC record differs from what receivers report (p: report says reject, DNS now says none)");
    assertThat(bodies.stream().filter(b -> b.contains(steady))).isEmpty();
  }

  @Test
  void weakDkimKeyShouldRaiseARotationAlertAndAShortOneNone() throws Exception {
    String weak = "weak-" + run + ".example";
    String shortKey = "short-" + run + ".example";
    index(weak, "192.0.2.5", 10, true, new Enrichment(null, null, null, List.of(new Enrichment.DkimKey("s9._domainkey." + weak, KeyFinding.WEAK))));
    index(shortKey, "192.0.2.6", 10, true, new Enrichment(null, null, null, List.of(new Enrichment.DkimKey("s9._domainkey." + shortKey, KeyFinding.SHORT))));
    URI url = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
    AlertEngine engine = new AlertEngine(es, List.of(new DnsBreakageRule(Duration.ofHours(24))),
        List.of(new WebhookSink(url, Secret.of(KEY), 3)), Duration.ofHours(12), Duration.ZERO);

    engine.evaluate(DAY.plus(Duration.ofHours(20)));

    assertThat(bodies.stream().filter(b -> b.contains(weak))).singleElement().asString()
        .contains("DKIM key s9._domainkey." + weak + " is an RSA key under 1024 bits");
    // short keys are on the dashboards and in the demo's summary, not worth waking anyone for
    assertThat(bodies.stream().filter(b -> b.contains(shortKey))).isEmpty();
  }

  private static ReportDocument.DmarcNow dmarcNow(List<String> drift) {
    return new ReportDocument.DmarcNow(DmarcStatus.FOUND, "_dmarc.example", drift.isEmpty() ? "reject" : "none", null, "r", "r", 100, drift);
  }

  @Test
  void sourceChangeShouldFlagNewFailingNetworksAndNetworksThatStoppedPassing() throws Exception {
    String domain = "sources-" + run + ".example";
    Instant before = DAY.minus(Duration.ofDays(10));
    index(domain, "198.51.100.10", 400, true, null, before);   // a legitimate sender...
    index(domain, "192.0.2.10", 400, false, null, before);     // a long-time spoofer
    Instant now = DAY.plus(Duration.ofHours(20));
    index(domain, "198.51.100.11", 500, false, null, DAY.plus(Duration.ofHours(12)));  // ...now failing
    index(domain, "203.0.113.5", 500, false, null, DAY.plus(Duration.ofHours(12)));    // never seen
    index(domain, "192.0.2.11", 500, false, null, DAY.plus(Duration.ofHours(12)));     // same spoofer
    URI url = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
    AlertEngine engine = new AlertEngine(es, List.of(new SourceChangeRule(Duration.ofHours(24), Duration.ofDays(30), new AlertSettings.Threshold(0.05, 1000, 100), Map.of())),
        List.of(new WebhookSink(url, Secret.of(KEY), 3)), Duration.ofHours(12), Duration.ZERO);

    engine.evaluate(now);

    List<String> mine = bodies.stream().filter(b -> b.contains(domain)).toList();
    assertThat(mine).hasSize(2);
    assertThat(mine).anySatisfy(b -> assertThat(b).contains("new source 203.0.113.0/24"));
    assertThat(mine).anySatisfy(b -> assertThat(b).contains("198.51.100.0/24 passed DMARC before and now fails"));
  }

  @Test
  void aDomainsOwnSourceThresholdShouldReplaceTheDefault() throws Exception {
    String bulk = "bulk-" + run + ".example";
    String plain = "plain-" + run + ".example";
    for (String domain : List.of(bulk, plain)) {
      index(domain, "203.0.113.77", 500, false, null); // a network never seen before, 500 failing messages
    }
    URI url = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
    var rule = new SourceChangeRule(Duration.ofHours(24), Duration.ofDays(30), new AlertSettings.Threshold(0.05, 1000, 100),
        Map.of(bulk, new AlertSettings.Threshold(0.05, 1000, 1000)));
    AlertEngine engine = new AlertEngine(es, List.of(rule), List.of(new WebhookSink(url, Secret.of(KEY), 3)), Duration.ofHours(12), Duration.ZERO);

    engine.evaluate(DAY.plus(Duration.ofHours(20)));

    assertThat(bodies.stream().filter(b -> b.contains(plain))).singleElement().asString().contains("new source 203.0.113.0/24");
    assertThat(bodies.stream().filter(b -> b.contains(bulk))).as("under its own threshold of 1,000").isEmpty();
  }

  @Test
  void reportsStoppedShouldFireForADomainThatWentQuietAndNotForOneStillReporting() throws Exception {
    String silent = "silent-" + run + ".example";
    String lively = "lively-" + run + ".example";
    indexSummary(silent, DAY.minus(Duration.ofDays(4)));
    indexSummary(lively, DAY.minus(Duration.ofDays(4)));
    indexSummary(lively, DAY.minus(Duration.ofHours(6)));

    reportsStoppedEngine(AlertSettings.ReportsStopped.DEFAULT).evaluate(DAY);

    assertThat(bodies.stream().filter(b -> b.contains(silent))).singleElement().asString()
        .contains("no aggregate report since").contains("rua=mailto");
    assertThat(bodies.stream().filter(b -> b.contains(lively))).isEmpty();
  }

  @Test
  void reportsStoppedShouldWaitADomainsOwnQuietPeriodAndNeverAlertForADomainSetToZero() throws Exception {
    String weekly = "weekly-" + run + ".example";
    String parked = "parked-" + run + ".example";
    String longQuiet = "long-quiet-" + run + ".example";
    indexSummary(weekly, DAY.minus(Duration.ofDays(4)));
    indexSummary(parked, DAY.minus(Duration.ofDays(4)));
    // quiet for 10 days: older than the default's 2 + 7 days look back, within this domain's 8 + 7
    indexSummary(longQuiet, DAY.minus(Duration.ofDays(10)));
    var quiet = new AlertSettings.ReportsStopped(Duration.ofDays(2),
        Map.of(weekly, Duration.ofDays(8), parked, Duration.ZERO, longQuiet, Duration.ofDays(8)));

    reportsStoppedEngine(quiet).evaluate(DAY);

    assertThat(bodies.stream().filter(b -> b.contains(weekly))).as("4 days quiet, 8 allowed").isEmpty();
    assertThat(bodies.stream().filter(b -> b.contains(parked))).as("never alerts").isEmpty();
    assertThat(bodies.stream().filter(b -> b.contains(longQuiet))).singleElement().asString()
        .contains("no aggregate report since " + DAY.minus(Duration.ofDays(8)));
  }

  private AlertEngine reportsStoppedEngine(AlertSettings.ReportsStopped quiet) {
    URI url = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
    return new AlertEngine(es, List.of(new ReportsStoppedRule(quiet, Duration.ofDays(7))),
        List.of(new WebhookSink(url, Secret.of(KEY), 3)), Duration.ofHours(12), Duration.ZERO);
  }

  private void indexSummary(String domain, Instant begin) throws Exception {
    indexSummary(domain, begin, null);
  }

  /** A one-row report's document, without its row, for rules that read report documents. */
  private void indexSummary(String domain, Instant begin, ReportDocument.DmarcNow dmarcNow) throws Exception {
    String xml = """
        <feedback><report_metadata><org_name>google.com</org_name><email>a@google.com</email>
        <report_id>%s-%d</report_id><date_range><begin>%d</begin><end>%d</end></date_range></report_metadata>
        <policy_published><domain>%s</domain><p>reject</p></policy_published>
        <record><row><source_ip>192.0.2.1</source_ip><count>1</count><policy_evaluated><disposition>none</disposition>
        <dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>%s</header_from></identifiers>
        <auth_results><spf><domain>%s</domain><result>pass</result></spf></auth_results></record></feedback>
        """.formatted(domain, begin.getEpochSecond(), begin.getEpochSecond(), begin.getEpochSecond() + 86399, domain, domain, domain);
    var report = PARSER.parse(xml.getBytes(StandardCharsets.UTF_8));
    var summary = AggregateRecords.summary(report.header(), report.fingerprint(),
        new org.dmarcpipeline.schema.model.ReportTotals(1, 1, 1, report.warnings(), report.extensions()));
    es.index(i -> i.index(org.dmarcpipeline.schema.index.ReportIndex.indexFor(begin)).id(summary.id())
        .document(BinaryData.of(DmarcJson.encode(ReportDocument.of(summary, false, dmarcNow)), ContentType.APPLICATION_JSON))
        .refresh(Refresh.True));
  }

  @Test
  void processorShouldPublishAlertsOnTheAlertsTopicOnItsSchedule() throws Exception {
    String domain = "scheduled-" + run + ".example";
    index(domain, "203.0.113.10", 1500, false, null, Instant.now().minus(Duration.ofHours(1)));
    try (var processor = processor()) {
      var reader = new org.dmarcpipeline.testing.services.TopicReader(LocalStack.kafka().bootstrapServers());
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> reader.records("dmarc.alerts-" + run, Duration.ofSeconds(5)).stream()
              .anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(domain)));
    }
  }

  @Test
  void twoProcessorsInOneGroupShouldNotifyEachAlertOnce() throws Exception {
    String domain = "pair-" + run + ".example";
    index(domain, "203.0.113.12", 1500, false, null, Instant.now().minus(Duration.ofHours(1)));
    var reader = new org.dmarcpipeline.testing.services.TopicReader(LocalStack.kafka().bootstrapServers());
    try (var first = processor(); var second = processor()) {
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> !opened(reader, domain).isEmpty());
      Thread.sleep(5_000); // several more rounds of both schedules
    }
    // the failure share and the new source both fire: each alert id must be opened exactly once
    List<String> openedIds = opened(reader, domain);
    assertThat(openedIds).hasSize(2).doesNotHaveDuplicates();
  }

  /** Keys (alert ids) of the {@code opened} notifications for {@code domain}, repeats included. */
  private List<String> opened(org.dmarcpipeline.testing.services.TopicReader reader, String domain) {
    return reader.records("dmarc.alerts-" + run, Duration.ofSeconds(5)).stream()
        .filter(r -> {
          String v = new String(r.value(), StandardCharsets.UTF_8);
          return v.contains(domain) && v.contains("\"kind\":\"opened\"");
        })
        .map(r -> r.key())
        .toList();
  }

  /**
   * A whole processor with alerting every second (a condition must hold for a second, as by
   * default for one interval), in this test's consumer group, on this test's topics.
   */
  private org.dmarcpipeline.processor.ProcessorService processor() throws Exception {
    String bootstrap = LocalStack.kafka().bootstrapServers();
    org.dmarcpipeline.schema.config.Topics topics = org.dmarcpipeline.schema.config.Topics.DEFAULTS.withSuffix("-" + run);
    var alerts = new AlertSettings(Duration.ofSeconds(1), new AlertSettings.Threshold(0.05, 1000, 100), Duration.ofHours(24),
        Duration.ofHours(12), Duration.ofSeconds(1), "dmarc.alerts-" + run, java.util.Optional.empty(), java.util.Optional.empty(), java.util.Map.of(),
        AlertSettings.ReportsStopped.DEFAULT);
    return org.dmarcpipeline.processor.ProcessorService.start(new org.dmarcpipeline.processor.config.ProcessorConfig(
        org.dmarcpipeline.schema.config.KafkaConnection.plaintext(bootstrap), topics, "alerts-" + run,
        ElasticsearchConnection.local(LocalStack.elasticsearch().url()), 100, 1,
        org.dmarcpipeline.processor.config.DnsSettings.disabled(), alerts));
  }

  @Test
  void twoInstancesEvaluatingTogetherShouldSendEachAlertOnce() throws Exception {
    String domain = "twice-" + run + ".example";
    index(domain, "203.0.113.9", 2000, false, null);
    Instant now = DAY.plus(Duration.ofHours(21));
    AlertEngine first = engine();
    AlertEngine second = engine();

    var pool = Executors.newFixedThreadPool(2);
    List<Future<Integer>> results = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      results.add(pool.submit(() -> first.evaluate(now)));
      results.add(pool.submit(() -> second.evaluate(now)));
    }
    for (Future<Integer> result : results) {
      result.get();
    }
    pool.shutdown();

    assertThat(bodies.stream().filter(b -> b.contains(domain) && b.contains("\"kind\":\"opened\""))).hasSize(1);
  }

  @Test
  void notificationTheWebhookRefusedShouldBeSentAgainAtTheNextEvaluationOnce() throws Exception {
    String domain = "refused-" + run + ".example";
    index(domain, "203.0.113.21", 2000, false, null);
    Instant now = DAY.plus(Duration.ofHours(22));
    refusing = true;
    engine(1).evaluate(now);
    assertThat(bodies.stream().filter(b -> b.contains(domain))).as("the receiver was down").isEmpty();

    refusing = false;
    AlertEngine first = engine();
    AlertEngine second = engine();
    var pool = Executors.newFixedThreadPool(2);
    List<Future<Integer>> rounds = List.of(pool.submit(() -> first.evaluate(now.plus(Duration.ofMinutes(5)))),
        pool.submit(() -> second.evaluate(now.plus(Duration.ofMinutes(5)))));
    for (Future<Integer> round : rounds) {
      round.get();
    }
    pool.shutdown();
    engine().evaluate(now.plus(Duration.ofMinutes(10)));

    assertThat(bodies.stream().filter(b -> b.contains(domain))).as("delivered once, by one of the two")
        .singleElement().satisfies(b -> assertThat(b).contains("\"kind\":\"opened\"").doesNotContain("opened:WebhookSink"));
  }
}
