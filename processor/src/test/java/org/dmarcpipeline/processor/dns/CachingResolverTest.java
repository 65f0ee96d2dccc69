package org.dmarcpipeline.processor.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class CachingResolverTest {

  private Instant now = Instant.parse("2026-11-29T12:00:00Z");
  private final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  };

  private static Name name(String text) throws Exception {
    return Name.fromString(text);
  }

  @Test
  void lookupShouldAskOncePerTtlWhenTheSameQuestionRepeats() throws Exception {
    InMemoryDns dns = new InMemoryDns().add(new TXTRecord(name("example.com."), DClass.IN, 300, "v=spf1 -all"));
    CachingResolver cache = new CachingResolver(dns, CachingResolver.Settings.DEFAULTS, clock);
    DnsQuestion question = DnsQuestion.of("example.com", Type.TXT);

    for (int i = 0; i < 100; i++) {
      cache.lookup(question);
    }
    now = now.plusSeconds(301);
    cache.lookup(question);

    assertThat(dns.asked()).hasSize(2);
  }

  @Test
  void lookupShouldApplyTheTtlFloorWhenARecordHasTtlZero_D7() throws Exception {
    InMemoryDns dns = new InMemoryDns().add(new TXTRecord(name("zero.example.com."), DClass.IN, 0, "v=spf1 -all"));
    CachingResolver cache = new CachingResolver(dns, CachingResolver.Settings.DEFAULTS, clock);

    for (int i = 0; i < 50; i++) {
      cache.lookup(DnsQuestion.of("zero.example.com", Type.TXT));
      now = now.plusMillis(100);
    }

    assertThat(dns.asked()).hasSize(1);
  }

  @Test
  void lookupShouldCacheTemporaryFailuresOnlyBrieflyAndNeverAsNotFound_D1() throws Exception {
    InMemoryDns dns = new InMemoryDns().timeout(name("flaky.example.com."));
    CachingResolver cache = new CachingResolver(dns, CachingResolver.Settings.DEFAULTS, clock);
    DnsQuestion question = DnsQuestion.of("flaky.example.com", Type.TXT);

    assertThat(cache.lookup(question)).isInstanceOf(DnsAnswer.TemporaryFailure.class);
    assertThat(cache.lookup(question)).isInstanceOf(DnsAnswer.TemporaryFailure.class);
    now = now.plus(Duration.ofSeconds(61));
    cache.lookup(question);

    assertThat(dns.asked()).hasSize(2);
  }

  @Test
  void lookupShouldCacheNegativeAnswers_D2() throws Exception {
    InMemoryDns dns = new InMemoryDns();
    CachingResolver cache = new CachingResolver(dns, CachingResolver.Settings.DEFAULTS, clock);

    DnsAnswer first = cache.lookup(DnsQuestion.of("nothing.example.com", Type.TXT));
    cache.lookup(DnsQuestion.of("nothing.example.com", Type.TXT));

    assertThat(first).isEqualTo(new DnsAnswer.NotFound(true, Duration.ofMinutes(5)));
    assertThat(dns.asked()).hasSize(1);
  }
}
