package org.dmarcpipeline.processor.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.RateLimiter;
import java.util.List;
import org.dmarcpipeline.processor.dns.InMemoryDns;
import org.dmarcpipeline.processor.dns.LookupBudget;
import org.dmarcpipeline.processor.rdns.ReverseDns;
import org.dmarcpipeline.processor.rdns.SendingServices;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.index.Enrichment;
import org.dmarcpipeline.schema.index.ReportDocument;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.schema.record.ReportSummary;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.reports.ReportSummaries;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class RowEnricherTest {

  private final InMemoryDns dns = new InMemoryDns();
  private final RowEnricher enricher =
      new RowEnricher(dns, LookupBudget.Limits.DEFAULTS, RateLimiter.create(1_000_000), new ReverseDns(SendingServices.bundled()));

  @Test
  void theDmarcRecordShouldBeAskedOncePerReportAndNotForItsRows() throws Exception {
    GeneratedReport report = new ReportGenerator(31).next(3, 1);
    publishDmarc(report.policyDomain(), "v=DMARC1; p=reject");

    List<Enrichment> found = rows(report).stream().map(enricher::enrich).toList();
    long askedByRows = dmarcQuestions(report.policyDomain());
    ReportDocument.DmarcNow now = enricher.dmarcNow(summary(report));

    assertThat(found).hasSize(3);
    assertThat(askedByRows).isZero();
    assertThat(dmarcQuestions(report.policyDomain())).isEqualTo(1);
    assertThat(now.status().word()).isEqualTo("found");
    assertThat(now.location()).isEqualTo("_dmarc." + report.policyDomain());
    assertThat(now.p()).isEqualTo("reject");
  }

  @Test
  void theDmarcRecordOfAReportShouldSayWhatDriftedFromItsPolicyPublished() throws Exception {
    GeneratedReport report = new ReportGenerator(32).next(2, 32);
    publishDmarc(report.policyDomain(), "v=DMARC1; p=none; sp=none");
    String reported = summary(report).policyPublished().p().word();

    ReportDocument.DmarcNow now = enricher.dmarcNow(summary(report));

    assertThat(now.p()).isEqualTo("none");
    assertThat(now.drift()).containsExactly("p: report says " + reported + ", DNS now says none");
  }

  @Test
  void aDmarcRecordThatDoesNotAnswerShouldBeTemperrorForTheReport() throws Exception {
    GeneratedReport report = new ReportGenerator(33).next(2, 33);
    dns.timeout(Name.fromString("_dmarc." + report.policyDomain() + "."));

    ReportDocument.DmarcNow now = enricher.dmarcNow(summary(report));

    assertThat(now.status().word()).isEqualTo("temperror");
    assertThat(now.drift()).isEmpty();
  }

  @Test
  void eachOfTheOwnersSignaturesShouldNameTheKeyItsSelectorPointsAtAndWhatIsThereNow() throws Exception {
    AggregateRecord row = row("news.example.com", "example.com", "mail.example.com");

    Enrichment found = enricher.enrich(row);

    assertThat(found.dkimKeys()).extracting(k -> k.location() + " " + k.status().word())
        .containsExactly("s1._domainkey.example.com absent", "s1._domainkey.mail.example.com absent");
  }

  @Test
  void aThirdPartysKeyShouldBeNeitherAskedNorNamed() throws Exception {
    // a spoofer's or a sending service's own signature cannot align: its key is not the owner's to fix
    AggregateRecord row = row("example.com", "spoof.example", "sendgrid.net");

    Enrichment found = enricher.enrich(row);

    assertThat(found.dkimKeys()).isEmpty();
    assertThat(dns.asked()).noneMatch(q -> q.name().toString().contains("_domainkey"));
  }

  @Test
  void aRowLikeOneBeforeShouldNotAskForItsReverseNameOrKeysAgain() throws Exception {
    AggregateRecord row = row("example.com", "example.com");
    enricher.enrich(row);
    int askedFirst = dns.asked().size();

    Enrichment again = enricher.enrich(row);

    assertThat(askedFirst).isPositive();
    assertThat(dns.asked()).hasSize(askedFirst);
    assertThat(again.dkimKeys()).extracting(k -> k.status().word()).containsOnly("absent");
  }

  @Test
  void aReverseNameThatDidNotAnswerShouldBeAskedAgainForTheNextRow() throws Exception {
    AggregateRecord row = rows(new ReportGenerator(36).next(1, 36)).get(0);
    Name reverse = ReverseMap.fromAddress(row.record().row().sourceIp().address());
    dns.timeout(reverse);

    Enrichment first = enricher.enrich(row);
    Enrichment second = enricher.enrich(row);

    assertThat(first.source().rdnsStatus().word()).isEqualTo("temperror");
    assertThat(second.source().rdnsStatus().word()).isEqualTo("temperror");
    assertThat(dns.asked().stream().filter(q -> q.name().equals(reverse))).hasSize(2);
  }

  private static List<AggregateRecord> rows(GeneratedReport generated) throws Exception {
    return AggregateRecords.of(new ReportParser().parse(generated.xml()));
  }

  /** A row from 192.0.2.1 for {@code headerFrom}, signed by {@code signingDomains} with selector s1. */
  private static AggregateRecord row(String headerFrom, String... signingDomains) throws Exception {
    StringBuilder signatures = new StringBuilder();
    for (String domain : signingDomains) {
      signatures.append("<dkim><domain>").append(domain).append("</domain><selector>s1</selector><result>pass</result></dkim>");
    }
    String xml = """
        <feedback><report_metadata><org_name>google.com</org_name><email>a@google.com</email>
        <report_id>keys</report_id><date_range><begin>1764460800</begin><end>1764547199</end></date_range></report_metadata>
        <policy_published><domain>example.com</domain><p>reject</p></policy_published>
        <record><row><source_ip>192.0.2.1</source_ip><count>1</count><policy_evaluated><disposition>none</disposition>
        <dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>%s</header_from></identifiers>
        <auth_results>%s<spf><domain>example.com</domain><result>pass</result></spf></auth_results></record></feedback>
        """.formatted(headerFrom, signatures);
    return AggregateRecords.of(new ReportParser().parse(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8))).get(0);
  }

  private static ReportSummary summary(GeneratedReport generated) throws Exception {
    return ReportSummaries.of(generated.xml());
  }

  private void publishDmarc(String domain, String record) throws Exception {
    dns.add(new TXTRecord(Name.fromString("_dmarc." + domain + "."), DClass.IN, 300, record));
  }

  private long dmarcQuestions(String domain) throws Exception {
    Name name = Name.fromString("_dmarc." + domain + ".");
    return dns.asked().stream().filter(q -> q.type() == Type.TXT && q.name().equals(name)).count();
  }
}
