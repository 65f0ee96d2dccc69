package org.dmarcpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.dmarcpipeline.testing.services.LocalNsd;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** bin/dmarc check-domain against a real DNS server. */
class CheckDomainIT {

  private static final String ZONE = """
      $ORIGIN health.example.
      $TTL 300
      @        IN SOA ns.health.example. hostmaster.health.example. 1 3600 600 86400 60
      @        IN NS  ns
      ns       IN A   127.0.0.1
      @        IN TXT "v=spf1 ip4:192.0.2.0/24 include:_spf.health.example -all"
      _spf     IN TXT "v=spf1 a:mail.health.example -all"
      mail     IN A   198.51.100.1
      _dmarc   IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@health.example"
      s1._domainkey IN TXT "v=DKIM1; p="
      broken   IN TXT "v=spf1 -all"
      broken   IN TXT "v=spf1 +all"
      """;

  private static String run(int[] exit, String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new DmarcCli());
    cli.setOut(new PrintWriter(out));
    exit[0] = cli.execute(args);
    return out.toString();
  }

  @Test
  void checkDomainShouldReportHealthAndExitNonZeroWhenSomethingIsBroken() {
    try (LocalNsd nsd = LocalNsd.start(Map.of("health.example", ZONE))) {
      String dns = "127.0.0.1:" + nsd.port();
      int[] exit = new int[1];

      String healthy = run(exit, "check-domain", "health.example", "--dns", dns, "--ip", "192.0.2.7", "--ip", "198.51.100.1", "--ip", "203.0.113.1");
      assertThat(healthy)
          .contains("p=quarantine")
          .contains("health.example: 2 of 10 DNS-querying terms")
          .contains("_spf.health.example: v=spf1 a:mail.health.example -all")
          .contains("192.0.2.7: pass")
          .contains("198.51.100.1: pass")
          .contains("203.0.113.1: fail")
          .contains("OK");
      assertThat(exit[0]).isZero();

      String revoked = run(exit, "check-domain", "health.example", "--dns", dns, "--selector", "s1");
      assertThat(revoked).contains("s1._domainkey.health.example: revoked").contains("BROKEN DKIM s1: revoked");
      assertThat(exit[0]).isEqualTo(1);

      String twoRecords = run(exit, "check-domain", "broken.health.example", "--dns", dns);
      assertThat(twoRecords).contains("2 SPF records (permerror)");
      assertThat(exit[0]).isEqualTo(1);
    }
  }
}
