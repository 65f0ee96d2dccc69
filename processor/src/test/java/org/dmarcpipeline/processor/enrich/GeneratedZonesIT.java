package org.dmarcpipeline.processor.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.dmarcpipeline.schema.index.SpfNowResult;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpipeline.processor.config.DnsSettings;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.index.Enrichment;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.testing.generate.GeneratedZones;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.services.LocalNsd;
import org.junit.jupiter.api.Test;

/**
 * The zones the demo and the DNS benchmark serve say what the generated reports say, so that what
 * the cross-check finds there is what it would find for a real domain, not gaps in the zones:
 * served by the real NSD, checked by the processor's own cross-check.
 */
class GeneratedZonesIT {

  @Test
  void crossCheckOfGeneratedReportsShouldFindOnlyTheDifferencesPutThereOnPurpose() throws Exception {
    List<AggregateRecord> rows = new ArrayList<>();
    ReportGenerator generator = new ReportGenerator(8);
    for (int i = 0; i < 40; i++) {
      rows.addAll(AggregateRecords.of(new ReportParser().parse(generator.next(40).xml())));
    }

    try (LocalNsd nsd = LocalNsd.start(GeneratedZones.zones())) {
      DnsSettings local = DnsSettings.of(List.of(nsd.address()));
      RowEnricher enricher = RowEnricher.of(new DnsSettings(local.servers(), local.timeout(), local.retries(), 100_000, local.budget()));
      int spoofed = 0;
      int forwarded = 0;
      for (AggregateRecord row : rows) {
        Enrichment found = enricher.enrich(row);
        String ip = row.record().row().sourceIp().value();
        String reportedSpf = row.record().authResults().spf().get(0).result().word();
        boolean spoof = ip.startsWith("2001:db8:bad:");
        spoofed += spoof ? 1 : 0;

        assertThat(found.source().rdnsStatus().word()).as(ip).isEqualTo(spoof ? "none" : "confirmed");
        if (reportedSpf.equals("softfail")) {
          // forwarded mail: SPF now passes the domain's own server the forwarder stood in for
          forwarded++;
          assertThat(found.spfNow().reported().word()).as(ip).isEqualTo("softfail");
        } else {
          assertThat(found.spfNow()).as(ip).isEqualTo(new Enrichment.SpfNow(SpfNowResult.of(reportedSpf), null, null, null));
        }
        // every key of the reports' own domains is the short one; SendGrid's and the spoofer's are not theirs
        boolean ownSignature = row.record().authResults().dkim().stream().anyMatch(d -> d.domain().equals(row.policyPublished().domain()));
        assertThat(found.dkimKeys()).as(ip).extracting(k -> k.status().word()).containsExactlyElementsOf(ownSignature ? List.of("short") : List.of());
        assertThat(found.alignment()).as(ip).isNull();
      }
      assertThat(spoofed).isPositive();
      assertThat(forwarded).isPositive();
    }
  }
}
