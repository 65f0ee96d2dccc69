package org.dmarcpipeline.processor.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import com.google.common.util.concurrent.RateLimiter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.dmarcpipeline.processor.config.DnsSettings;
import org.dmarcpipeline.processor.enrich.RowEnricher;
import org.dmarcpipeline.processor.rdns.ReverseDns;
import org.dmarcpipeline.processor.rdns.SendingServices;
import org.dmarcpipeline.processor.spf.SpfChecker;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.index.Enrichment;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** The time budget of one poll's DNS checks (cases K4, D3). */
class LookupDeadlineTest {

  /** A clock the test moves; every question asked costs {@code perQuestion}. */
  private static final class SlowDns implements DnsResolver {
    final ManualTicker ticker = new ManualTicker();
    final InMemoryDns dns = new InMemoryDns();
    final Duration perQuestion;

    SlowDns(Duration perQuestion) {
      this.perQuestion = perQuestion;
    }

    @Override
    public DnsAnswer lookup(DnsQuestion question) {
      ticker.advance(perQuestion);
      return dns.lookup(question);
    }
  }

  private static final class ManualTicker extends Ticker {
    private long nanos;

    void advance(Duration by) {
      nanos += by.toNanos();
    }

    @Override
    public long read() {
      return nanos;
    }
  }

  @Test
  void questionsShouldNotBeAskedOnceThePollsDeadlineHasPassed_D3() {
    SlowDns slow = new SlowDns(Duration.ofSeconds(3));
    LookupBudget budget = new LookupBudget(slow, LookupBudget.Limits.DEFAULTS, RateLimiter.create(1_000_000), Duration.ZERO);
    DnsResolver untilDeadline = budget.until(LookupDeadline.after(Duration.ofSeconds(10), slow.ticker));

    List<DnsAnswer> answers = java.util.stream.IntStream.range(0, 100)
        .mapToObj(i -> untilDeadline.lookup(DnsQuestion.of("d" + i + ".example.com", Type.TXT)))
        .toList();

    // asked at 0, 3, 6 and 9 s; the fifth would start at 12 s, after the deadline
    assertThat(slow.dns.asked()).hasSize(4);
    assertThat(answers.subList(4, 100)).allMatch(a -> a instanceof DnsAnswer.Unchecked);
  }

  @Test
  void questionsNotAskedForLackOfTimeShouldCostNothingOfTheReportsBudget_D3() {
    SlowDns slow = new SlowDns(Duration.ofSeconds(1));
    LookupBudget budget = new LookupBudget(slow, new LookupBudget.Limits(200, 3), RateLimiter.create(1_000_000), Duration.ZERO);
    LookupDeadline passed = LookupDeadline.after(Duration.ZERO, slow.ticker);
    for (int i = 0; i < 10; i++) {
      budget.until(passed).lookup(DnsQuestion.of("late" + i + ".example.com", Type.TXT));
    }

    // the report's rows in the next poll still have all three questions
    LookupDeadline next = LookupDeadline.after(Duration.ofSeconds(60), slow.ticker);
    for (int i = 0; i < 3; i++) {
      assertThat(budget.until(next).lookup(DnsQuestion.of("next" + i + ".example.com", Type.TXT)))
          .isNotInstanceOf(DnsAnswer.Unchecked.class);
    }
  }

  @Test
  void waitingForTheGlobalRateShouldNotOutlastTheDeadline() {
    RateLimiter oneQuestionAMinute = RateLimiter.create(1.0 / 60);
    oneQuestionAMinute.acquire();
    LookupBudget budget = new LookupBudget(new InMemoryDns(), LookupBudget.Limits.DEFAULTS, oneQuestionAMinute, Duration.ofSeconds(30));
    LookupDeadline soon = LookupDeadline.after(Duration.ofMillis(50));

    long start = System.nanoTime();
    DnsAnswer answer = budget.until(soon).lookup(DnsQuestion.of("a.example.com", Type.TXT));

    assertThat(answer).isInstanceOf(DnsAnswer.Unchecked.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void spfShouldSayUncheckedNotFailWhenThePollsTimeIsSpent_D3() {
    LookupBudget budget = new LookupBudget(new InMemoryDns(), LookupBudget.Limits.DEFAULTS, RateLimiter.create(1_000_000), Duration.ZERO);

    var verdict = new SpfChecker().check(budget.until(LookupDeadline.after(Duration.ZERO)), "192.0.2.1", "a@example.com", "example.com");

    assertThat(verdict.result().word()).isEqualTo("unchecked");
  }

  @Test
  void rowsOfAPollWhoseTimeIsSpentShouldBeUncheckedNeverFailed_K4() throws Exception {
    String xml = """
        <feedback><report_metadata><org_name>x</org_name><email>r@x.example</email><report_id>k4</report_id>
          <date_range><begin>1764460800</begin><end>1764547199</end></date_range></report_metadata>
        <policy_published><domain>example.com</domain><p>none</p></policy_published>
        <record><row><source_ip>192.0.2.7</source_ip><count>1</count>
          <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
          <identifiers><header_from>example.com</header_from></identifiers>
          <auth_results><spf><domain>example.com</domain><result>fail</result></spf></auth_results></record>
        </feedback>""";
    AggregateRecord row = AggregateRecords.of(new ReportParser().parse(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8))).get(0);
    InMemoryDns dns = new InMemoryDns();
    RowEnricher enricher = new RowEnricher(dns, LookupBudget.Limits.DEFAULTS, RateLimiter.create(1_000_000),
        new ReverseDns(SendingServices.bundled()), Duration.ofMinutes(1));

    Enrichment late = enricher.enrich(row, LookupDeadline.after(Duration.ZERO));

    assertThat(dns.asked()).isEmpty();
    assertThat(late.source().rdnsStatus().word()).isEqualTo("unchecked");
    assertThat(late.spfNow().result().word()).isEqualTo("unchecked");
  }

  @Test
  void oneLookupShouldBeBoundedByTimeoutTimesTries() {
    DnsSettings settings = new DnsSettings(List.of(new InetSocketAddress("127.0.0.1", 53)), Duration.ofSeconds(3), 1, 50,
        LookupBudget.Limits.DEFAULTS, Duration.ofSeconds(60));

    assertThat(DnsjavaResolver.longestLookup(Duration.ofSeconds(3), 1)).isEqualTo(Duration.ofSeconds(6));
    assertThat(settings.longestPerPoll()).isEqualTo(Duration.ofSeconds(66));
    assertThat(DnsSettings.disabled().longestPerPoll()).isZero();
  }

  @Test
  void aResolverThatNeverAnswersShouldCostOneBoundedLookup_D3() throws Exception {
    try (BlackholeDns blackhole = BlackholeDns.start()) {
      DnsjavaResolver resolver = new DnsjavaResolver(List.of(blackhole.address()), Duration.ofMillis(300), 1);

      long start = System.nanoTime();
      DnsAnswer answer = resolver.lookup(DnsQuestion.of("example.com", Type.TXT));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(answer).isInstanceOf(DnsAnswer.TemporaryFailure.class);
      assertThat(took).isLessThan(Duration.ofMillis(600 + 500));
      assertThat(blackhole.dropped()).isPositive();
    }
  }
}
