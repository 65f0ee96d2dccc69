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
    assertThat(now.status()).isEqualTo("found");
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

    assertThat(now.status()).isEqualTo("temperror");
    assertThat(now.drift()).isEmpty();
  }

  @Test
  void eachSignatureShouldNameTheKeyItsSelectorPointsAtAndWhatIsThereNow() throws Exception {
    GeneratedReport report = new ReportGenerator(34).next(1, 34);
    AggregateRecord row = rows(report).get(0);
    var signatures = row.record().authResults().dkim();
    assertThat(signatures).isNotEmpty();

    Enrichment found = enricher.enrich(row);

    assertThat(found.dkimKeys()).extracting(Enrichment.DkimKey::location)
        .containsExactlyElementsOf(signatures.stream().map(s -> s.selector() + "._domainkey." + s.domain()).toList());
    assertThat(found.dkimKeys()).extracting(Enrichment.DkimKey::status).containsOnly("absent");
  }

  @Test
  void aRowLikeOneBeforeShouldNotAskForItsReverseNameOrKeysAgain() throws Exception {
    AggregateRecord row = rows(new ReportGenerator(35).next(1, 35)).get(0);
    enricher.enrich(row);
    int askedFirst = dns.asked().size();

    Enrichment again = enricher.enrich(row);

    assertThat(askedFirst).isPositive();
    assertThat(dns.asked()).hasSize(askedFirst);
    assertThat(again.dkimKeys()).extracting(Enrichment.DkimKey::status).containsOnly("absent");
  }

  @Test
  void aReverseNameThatDidNotAnswerShouldBeAskedAgainForTheNextRow() throws Exception {
    AggregateRecord row = rows(new ReportGenerator(36).next(1, 36)).get(0);
    Name reverse = ReverseMap.fromAddress(row.record().row().sourceIp().address());
    dns.timeout(reverse);

    Enrichment first = enricher.enrich(row);
    Enrichment second = enricher.enrich(row);

    assertThat(first.source().rdnsStatus()).isEqualTo("temperror");
    assertThat(second.source().rdnsStatus()).isEqualTo("temperror");
    assertThat(dns.asked().stream().filter(q -> q.name().equals(reverse))).hasSize(2);
  }

  private static List<AggregateRecord> rows(GeneratedReport generated) throws Exception {
    return AggregateRecords.of(new ReportParser().parse(generated.xml()));
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
