package org.dmarcpipeline.schema.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dmarcpipeline.schema.Fixtures;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.model.ReportTotals;
import org.dmarcpipeline.schema.model.SpfResult;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.schema.record.ReportSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DNS findings' words as indexed, written out in full as they were indexed when they were
 * strings: the mapping and the dashboards read these bytes, so typing them must not change one.
 */
class IndexedWordsTest {

  private static AggregateReport report;
  private static AggregateRecord row;

  @BeforeAll
  static void parse() throws Exception {
    report = new ReportParser().parse(Fixtures.bytes("rfc7489-two-records.xml"));
    row = AggregateRecords.of(report).get(1);
  }

  @Test
  void recordDocumentShouldIndexEveryFindingAsItsWord() {
    var dns = new Enrichment(
        new Enrichment.Source(RdnsStatus.CONFIRMED, "mail.example.net", "example.net", "Example Mail", "esp"),
        Enrichment.Alignment.of(true, true),
        Enrichment.SpfNow.of("example.com", SpfNowResult.TEMPERROR, "no answer", SpfResult.FAIL),
        List.of(Enrichment.DkimKey.of("s1._domainkey.example.com", KeyStatus.PRESENT, KeyStrength.WEAK),
            Enrichment.DkimKey.of("s2._domainkey.example.com", KeyStatus.REVOKED, null),
            Enrichment.DkimKey.of("s3._domainkey.example.com", KeyStatus.UNCHECKED, null)));

    assertThat(json(RecordDocument.of(row, dns))).isEqualTo(
        "{\"@timestamp\":\"2023-11-15T00:00:00Z\",\"policy_published\":{\"adkim\":\"r\",\"aspf\":\"r\",\"domain\":\"example.com\",\"p\":\"reject\",\"pct\":100,\"sp\":\"none\"},\"report\":{\"begin\":\"2023-11-15T00:00:00Z\",\"days\":[\"2023-11-15\"],\"email\":\"noreply-dmarc-support@google.com\",\"end\":\"2023-11-15T23:59:59Z\",\"fingerprint\":\"bfe33154ce20f432711e7abdfb49e019172c367cb5cf5394230e6b5101a0042a\",\"key\":\"d9fc35e1180a24ca271ff2828a2865771902b6a2d51e6b2b47a8300fb68cde6a\",\"namespace\":\"\",\"org_name\":\"google.com\",\"report_id\":\"17613298470431233218\",\"version\":\"1.0\",\"record_index\":1},\"alignment\":{\"disagrees\":[\"dkim\",\"spf\"]},\"auth_results\":{\"dkim\":[{\"domain\":\"spoof.example\",\"result\":\"fail\",\"selector\":\"s1\"}],\"spf\":[{\"domain\":\"example.com\",\"result\":\"fail\",\"scope\":\"mfrom\"}]},\"count\":1,\"dkim_keys\":[{\"location\":\"s1._domainkey.example.com\",\"status\":\"weak\"},{\"location\":\"s2._domainkey.example.com\",\"status\":\"revoked\"},{\"location\":\"s3._domainkey.example.com\",\"status\":\"unchecked\"}],\"dkim_results\":[\"s1 / spoof.example / fail\"],\"dmarc_result\":\"fail\",\"extensions\":[],\"identifiers\":{\"header_from\":\"example.com\"},\"policy_evaluated\":{\"disposition\":\"reject\",\"dkim\":\"fail\",\"reason\":[],\"spf\":\"fail\"},\"source\":{\"base_domain\":\"example.net\",\"domain\":\"mail.example.net\",\"ip\":\"203.0.113.7\",\"network\":\"203.0.113.0/24\",\"rdns_status\":\"confirmed\",\"service\":\"Example Mail\",\"service_type\":\"esp\"},\"spf_now\":{\"domain\":\"example.com\",\"explanation\":\"no answer\",\"reported\":\"fail\",\"result\":\"temperror\"},\"spf_results\":[\"mfrom / example.com / fail\"]}");
  }

  @Test
  void sourceAndSpfNowShouldIndexTheirWordsForEveryOtherStatus() {
    List<String> expected = List.of(
        "\"source\":{\"ip\":\"203.0.113.7\",\"network\":\"203.0.113.0/24\",\"rdns_status\":\"unconfirmed\"} \"spf_now\":{\"domain\":\"example.com\",\"explanation\":\"budget\",\"reported\":\"pass\",\"result\":\"unchecked\"}",
        "\"source\":{\"ip\":\"203.0.113.7\",\"network\":\"203.0.113.0/24\",\"rdns_status\":\"none\"} \"spf_now\":{\"domain\":\"example.com\",\"explanation\":\"budget\",\"reported\":\"pass\",\"result\":\"unchecked\"}",
        "\"source\":{\"ip\":\"203.0.113.7\",\"network\":\"203.0.113.0/24\",\"rdns_status\":\"temperror\"} \"spf_now\":{\"domain\":\"example.com\",\"explanation\":\"budget\",\"reported\":\"pass\",\"result\":\"unchecked\"}",
        "\"source\":{\"ip\":\"203.0.113.7\",\"network\":\"203.0.113.0/24\",\"rdns_status\":\"unchecked\"} \"spf_now\":{\"domain\":\"example.com\",\"explanation\":\"budget\",\"reported\":\"pass\",\"result\":\"unchecked\"}");
    List<RdnsStatus> statuses = List.of(RdnsStatus.UNCONFIRMED, RdnsStatus.NONE, RdnsStatus.TEMPERROR, RdnsStatus.UNCHECKED);
    for (int i = 0; i < statuses.size(); i++) {
      var dns = new Enrichment(new Enrichment.Source(statuses.get(i), null, null, null, null), null,
          Enrichment.SpfNow.of("example.com", SpfNowResult.UNCHECKED, "budget", SpfResult.PASS), List.of());

      assertThat(json(RecordDocument.of(row, dns)).replaceAll(".*(\"source\":\\{[^}]*\\}).*(\"spf_now\":\\{[^}]*\\}).*", "$1 $2"))
          .isEqualTo(expected.get(i));
    }
  }

  @Test
  void reportDocumentShouldIndexEveryDmarcStatusAsItsWord() {
    List<String> expected = List.of(
        "\"dmarc_now\":{\"adkim\":\"r\",\"drift\":[\"p: report says none, DNS now says reject\"],\"location\":\"_dmarc.example.com\",\"p\":\"reject\",\"pct\":100,\"status\":\"found\"}",
        "\"dmarc_now\":{\"adkim\":\"r\",\"drift\":[\"p: report says none, DNS now says reject\"],\"location\":\"_dmarc.example.com\",\"p\":\"reject\",\"pct\":100,\"status\":\"none\"}",
        "\"dmarc_now\":{\"adkim\":\"r\",\"drift\":[\"p: report says none, DNS now says reject\"],\"location\":\"_dmarc.example.com\",\"p\":\"reject\",\"pct\":100,\"status\":\"multiple\"}",
        "\"dmarc_now\":{\"adkim\":\"r\",\"drift\":[\"p: report says none, DNS now says reject\"],\"location\":\"_dmarc.example.com\",\"p\":\"reject\",\"pct\":100,\"status\":\"invalid\"}",
        "\"dmarc_now\":{\"adkim\":\"r\",\"drift\":[\"p: report says none, DNS now says reject\"],\"location\":\"_dmarc.example.com\",\"p\":\"reject\",\"pct\":100,\"status\":\"temperror\"}",
        "\"dmarc_now\":{\"adkim\":\"r\",\"drift\":[\"p: report says none, DNS now says reject\"],\"location\":\"_dmarc.example.com\",\"p\":\"reject\",\"pct\":100,\"status\":\"unchecked\"}");
    ReportSummary summary = AggregateRecords.summary(report.header(), report.fingerprint(), new ReportTotals(2, 2, 4, report.warnings(), report.extensions()));
    for (int i = 0; i < DmarcStatus.values().length; i++) {
      var now = new ReportDocument.DmarcNow(DmarcStatus.values()[i], "_dmarc.example.com", "reject", null, "r", null, 100, List.of("p: report says none, DNS now says reject"));

      assertThat(json(ReportDocument.of(summary, false, now)).replaceAll(".*(\"dmarc_now\":\\{[^}]*\\}).*", "$1")).isEqualTo(expected.get(i));
    }
  }

  private static String json(Object document) {
    return new String(DmarcJson.encode(document), StandardCharsets.UTF_8);
  }
}
