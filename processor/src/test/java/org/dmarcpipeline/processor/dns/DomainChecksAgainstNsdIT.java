package org.dmarcpipeline.processor.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmarcpipeline.processor.dkim.DkimKey;
import org.dmarcpipeline.processor.dkim.DkimKeyCheck;
import org.dmarcpipeline.processor.dmarc.DmarcDiscovery;
import org.dmarcpipeline.processor.dmarc.DmarcNow;
import org.dmarcpipeline.processor.rdns.ReverseDns;
import org.dmarcpipeline.processor.rdns.SendingServices;
import org.dmarcpipeline.schema.model.Alignment;
import org.dmarcpipeline.schema.model.Disposition;
import org.dmarcpipeline.schema.model.PolicyPublished;
import org.dmarcpipeline.testing.services.LocalNsd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DMARC, DKIM and reverse DNS checks against a real authoritative DNS server (NSD). */
class DomainChecksAgainstNsdIT {

  private static LocalNsd nsd;
  private static DnsResolver dns;

  @BeforeAll
  static void startNsd() throws IOException {
    Map<String, String> zones = new LinkedHashMap<>();
    for (String zone : List.of("example.co.uk", "2.0.192.in-addr.arpa", "sendgrid.net")) {
      try (InputStream in = DomainChecksAgainstNsdIT.class.getResourceAsStream("/dns/" + zone + ".zone")) {
        zones.put(zone, new String(in.readAllBytes(), StandardCharsets.US_ASCII));
      }
    }
    nsd = LocalNsd.start(zones);
    dns = new DnsjavaResolver(List.of(nsd.address()), Duration.ofSeconds(2), 1);
  }

  @AfterAll
  static void stopNsd() {
    nsd.close();
  }

  @Test
  void discoveryShouldFindTheRecordAtTheOrganizationalDomainWhenTheSubdomainHasNone() {
    DmarcNow now = DmarcDiscovery.discover(dns, "shop.example.co.uk", false);

    assertThat(now.status().word()).isEqualTo("found");
    assertThat(now.location()).isEqualTo("_dmarc.example.co.uk");
    assertThat(now.record().p()).isEqualTo(Disposition.REJECT);
    assertThat(now.record().adkim()).isEqualTo(Alignment.STRICT);
  }

  @Test
  void treewalkShouldFindTheClosestRecordUpTheTree() {
    DmarcNow now = DmarcDiscovery.discover(dns, "a.b.deep.tree.example.co.uk", true);

    assertThat(now.location()).isEqualTo("_dmarc.deep.tree.example.co.uk");
    assertThat(now.record().p()).isEqualTo(Disposition.QUARANTINE);
  }

  @Test
  void discoveryShouldReportMultipleAndBrokenRecords() {
    assertThat(DmarcDiscovery.discover(dns, "multi.example.co.uk", false).status().word()).isEqualTo("multiple");
    DmarcNow bad = DmarcDiscovery.discover(dns, "bad.example.co.uk", false);
    assertThat(bad.status().word()).isEqualTo("invalid");
    assertThat(bad.record().errors()).anyMatch(e -> e.contains("p must be none, quarantine or reject"));
  }

  @Test
  void driftShouldNameEveryTagThatChangedSinceTheReport() {
    DmarcNow now = DmarcDiscovery.discover(dns, "example.co.uk", false);
    PolicyPublished reported = new PolicyPublished("example.co.uk", Alignment.RELAXED, Alignment.RELAXED,
        Disposition.QUARANTINE, Disposition.QUARANTINE, 100, null, null, null, null);

    assertThat(DmarcDiscovery.drift(reported, now.record()))
        .containsExactly(
            "p: report says quarantine, DNS now says reject",
            "sp: report says quarantine, DNS now says reject",
            "adkim: report says r, DNS now says s");
  }

  @ParameterizedTest(name = "{0}: {1} {2} {3}")
  @CsvSource({
    "s2048, present, 2048, ok",
    "s1024, present, 1024, short",
    "s512,  present, 512,  weak",
    "gone,  revoked, 0,    ",
    "never, absent,  0,    ",
  })
  void dkimKeyCheckShouldReportWhatTheSelectorPublishes(String selector, String status, int bits, String strength) {
    DkimKey key = DkimKeyCheck.check(dns, selector, "example.co.uk");

    assertThat(key.status().word()).isEqualTo(status);
    assertThat(key.bits()).isEqualTo(bits);
    assertThat(key.strength() == null ? null : key.strength().word()).isEqualTo(strength);
  }

  @ParameterizedTest(name = "{0}: {1} {2} {3}")
  @CsvSource({
    "192.0.2.10, confirmed,   mail.example.co.uk,   ",
    "192.0.2.11, unconfirmed, liar.example.co.uk,   ",
    "192.0.2.12, confirmed,   o1.ptr.sendgrid.net,  SendGrid",
    "192.0.2.13, none,        ,                     ",
  })
  void reverseDnsShouldConfirmTheNameAndNameTheService(String ip, String status, String name, String service) throws Exception {
    ReverseDns.Result result = new ReverseDns(SendingServices.bundled()).lookup(dns, InetAddress.getByAddress(com.google.common.net.InetAddresses.forString(ip).getAddress()));

    assertThat(result.status().word()).isEqualTo(status);
    assertThat(result.name()).isEqualTo(name);
    assertThat(result.service()).isEqualTo(service);
  }
}
