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
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class RowEnricherTest {

  private final InMemoryDns dns = new InMemoryDns();
  private final RowEnricher enricher =
      new RowEnricher(dns, LookupBudget.Limits.DEFAULTS, RateLimiter.create(1_000_000), new ReverseDns(SendingServices.bundled()));

  @Test
  void theDmarcRecordShouldBeLookedUpOncePerReportAndAgainForTheNextReport() throws Exception {
    ReportGenerator generator = new ReportGenerator(31);
    GeneratedReport report = generator.next(3, 1);
    GeneratedReport next = generator.next(2, 2);
    publishDmarc(report.policyDomain());
    if (!next.policyDomain().equals(report.policyDomain())) {
      publishDmarc(next.policyDomain());
    }

    List<Enrichment> found = rows(report).stream().map(enricher::enrich).toList();
    long askedForReport = dmarcQuestions(report.policyDomain());
    long askedBeforeNext = dmarcQuestions(next.policyDomain());
    Enrichment ofNext = enricher.enrich(rows(next).get(0));

    assertThat(found).hasSize(3).extracting(e -> e.dmarcNow().p()).containsOnly("reject");
    assertThat(askedForReport).isEqualTo(1);
    assertThat(ofNext.dmarcNow().p()).isEqualTo("reject");
    assertThat(dmarcQuestions(next.policyDomain())).isEqualTo(askedBeforeNext + 1);
  }

  @Test
  void aTemporaryFailureShouldBeAskedAgainForTheNextRowOfTheSameReport() throws Exception {
    GeneratedReport generated = new ReportGenerator(33).next(2, 33);
    List<AggregateRecord> rows = rows(generated);
    dns.timeout(Name.fromString("_dmarc." + generated.policyDomain() + "."));

    Enrichment first = enricher.enrich(rows.get(0));
    Enrichment second = enricher.enrich(rows.get(1));

    assertThat(first.dmarcNow().status()).isEqualTo("temperror");
    assertThat(second.dmarcNow().status()).isEqualTo("temperror");
    assertThat(dmarcQuestions(generated.policyDomain())).isEqualTo(2);
  }

  private static List<AggregateRecord> rows(GeneratedReport generated) throws Exception {
    return AggregateRecords.of(new ReportParser().parse(generated.xml()));
  }

  private void publishDmarc(String domain) throws Exception {
    dns.add(new TXTRecord(Name.fromString("_dmarc." + domain + "."), DClass.IN, 300, "v=DMARC1; p=reject"));
  }

  private long dmarcQuestions(String domain) throws Exception {
    Name name = Name.fromString("_dmarc." + domain + ".");
    return dns.asked().stream().filter(q -> q.type() == Type.TXT && q.name().equals(name)).count();
  }
}
