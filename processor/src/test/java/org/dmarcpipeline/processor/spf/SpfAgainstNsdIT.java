package org.dmarcpipeline.processor.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmarcpipeline.processor.dns.CachingResolver;
import org.dmarcpipeline.processor.dns.DnsAnswer;
import org.dmarcpipeline.processor.dns.DnsQuestion;
import org.dmarcpipeline.processor.dns.DnsjavaResolver;
import org.dmarcpipeline.testing.services.LocalNsd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Type;

/** SPF verdicts from a real authoritative DNS server (NSD) serving the zones in {@code dns/}. */
class SpfAgainstNsdIT {

  private static LocalNsd nsd;
  private static DnsjavaResolver resolver;

  @BeforeAll
  static void startNsd() throws IOException {
    Map<String, String> zones = new LinkedHashMap<>();
    for (String zone : List.of("spf.example", "113.0.203.in-addr.arpa", "servfail.example")) {
      try (InputStream in = SpfAgainstNsdIT.class.getResourceAsStream("/dns/" + zone + ".zone")) {
        zones.put(zone, new String(in.readAllBytes(), StandardCharsets.US_ASCII));
      }
    }
    nsd = LocalNsd.start(zones);
    resolver = new DnsjavaResolver(List.of(nsd.address()), Duration.ofSeconds(2), 1);
  }

  @AfterAll
  static void stopNsd() {
    nsd.close();
  }

  @ParameterizedTest(name = "{0} from {1}: {2}")
  @CsvSource({
    "pass.spf.example,   192.0.2.10,     pass",
    "pass.spf.example,   203.0.113.10,   fail",
    "soft.spf.example,   203.0.113.10,   softfail",
    "inc.spf.example,    198.51.100.20,  pass",
    "inc.spf.example,    2001:db8:1::5,  pass",
    "inc.spf.example,    192.0.2.10,     fail",
    "redir.spf.example,  192.0.2.10,     pass",
    "mx.spf.example,     198.51.100.7,   pass",
    "mx.spf.example,     198.51.100.8,   fail",
    "ptr.spf.example,    203.0.113.9,    pass",
    "ten.spf.example,    192.0.2.10,     pass",
    "eleven.spf.example, 192.0.2.10,     permerror",
    "void.spf.example,   192.0.2.10,     permerror",
    "split.spf.example,  203.0.113.5,    pass",
    "twice.spf.example,  192.0.2.10,     permerror",
    "broken.spf.example, 192.0.2.10,     permerror",
    "nothing.spf.example, 192.0.2.10,    none",
    "servfail.example,   192.0.2.10,     temperror",
  })
  void checkHostShouldGiveTheRfc7208Result(String domain, String ip, String expected) {
    SpfVerdict verdict = new SpfChecker().check(resolver, ip, "bounce@" + domain, "mail." + domain);

    assertThat(verdict.result().word()).as(verdict.toString()).isEqualTo(expected);
  }

  @Test
  void checkHostShouldGiveTemperrorNotFailWhenTheServerDoesNotAnswer_D3() throws IOException {
    try (DatagramSocket blackhole = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      DnsjavaResolver silent = new DnsjavaResolver(List.of((InetSocketAddress) blackhole.getLocalSocketAddress()), Duration.ofMillis(300), 1);
      long start = System.nanoTime();

      SpfVerdict verdict = new SpfChecker().check(silent, "192.0.2.10", "bounce@pass.spf.example", "mail.example");

      assertThat(verdict.result().word()).isEqualTo("temperror");
      assertThat(System.nanoTime() - start).as("bounded by timeout x tries").isLessThan(Duration.ofSeconds(3).toNanos());
    }
  }

  @Test
  void resolverShouldJoinSplitTxtStringsAndCacheNegativeAnswersForTheSoaMinimum() {
    DnsAnswer split = resolver.lookup(DnsQuestion.of("split.spf.example", Type.TXT));
    DnsAnswer missing = resolver.lookup(DnsQuestion.of("nothing.spf.example", Type.TXT));

    assertThat(split.texts()).containsExactly("v=spf1 ip4:192.0.2.0/24 ip4:203.0.113.0/24 -all");
    assertThat(missing).isEqualTo(new DnsAnswer.NotFound(true, Duration.ofSeconds(60)));
  }

  @Test
  void cacheShouldAskAgainWhenTheRecordsTtlHasPassed_D7() {
    DnsjavaResolver counted = new DnsjavaResolver(List.of(nsd.address()), Duration.ofSeconds(2), 1);
    CachingResolver cache = new CachingResolver(counted,
        new CachingResolver.Settings(Duration.ZERO, Duration.ofDays(1), Duration.ofSeconds(60), 1000), Clock.systemUTC());
    DnsQuestion question = DnsQuestion.of("shortlived.spf.example", Type.TXT);

    cache.lookup(question);
    cache.lookup(question);
    assertThat(counted.queries()).isEqualTo(1);

    // the record's TTL is one second: asking every 100 ms, the second query comes once it expired
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          cache.lookup(question);
          return counted.queries() == 2;
        });
    assertThat(counted.queries()).isEqualTo(2);
  }

  @Test
  void reportWithFiftyThousandSourcesShouldStayWithinItsLookupBudget_D5() {
    DnsjavaResolver counted = new DnsjavaResolver(List.of(nsd.address()), Duration.ofSeconds(2), 1);
    var budget = new org.dmarcpipeline.processor.dns.LookupBudget(
        new CachingResolver(counted, CachingResolver.Settings.DEFAULTS, Clock.systemUTC()),
        org.dmarcpipeline.processor.dns.LookupBudget.Limits.DEFAULTS,
        com.google.common.util.concurrent.RateLimiter.create(1_000_000), Duration.ZERO);
    int unchecked = 0;
    for (int i = 0; i < 50_000; i++) {
      String ip = "10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
      var verdict = new SpfChecker().check(budget, ip, "bounce@d" + i + ".spf.example", "mail.example");
      if (verdict.result().word().equals("unchecked")) {
        unchecked++;
      }
    }

    assertThat(counted.queries()).as("questions that reached the server").isLessThanOrEqualTo(200);
    assertThat(unchecked).isGreaterThanOrEqualTo(49_800);
  }

  @Test
  void cacheShouldAskTheServerOncePerNameAndTypeWhenWarm() {
    DnsjavaResolver counted = new DnsjavaResolver(List.of(nsd.address()), Duration.ofSeconds(2), 1);
    CachingResolver cache = new CachingResolver(counted, CachingResolver.Settings.DEFAULTS, Clock.systemUTC());
    SpfChecker spf = new SpfChecker();

    for (int i = 0; i < 50; i++) {
      spf.check(cache, "198.51.100." + (i % 20), "bounce@inc.spf.example", "mail.example");
    }

    // inc.spf.example TXT and _spf.inc.spf.example TXT: two questions for 50 checks
    assertThat(counted.queries()).isEqualTo(2);
  }
}
