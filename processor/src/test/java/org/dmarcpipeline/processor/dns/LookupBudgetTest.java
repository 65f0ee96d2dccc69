package org.dmarcpipeline.processor.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpipeline.processor.spf.SpfChecker;
import org.dmarcpipeline.processor.spf.SpfVerdict;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class LookupBudgetTest {

  @Test
  void budgetShouldMarkWorkUncheckedNotFailedWhenAReportNamesTooManyDomains_D5() {
    InMemoryDns dns = new InMemoryDns();
    LookupBudget budget = new LookupBudget(dns, new LookupBudget.Limits(200, 2000), RateLimiter.create(1_000_000), Duration.ZERO);
    List<DnsAnswer> answers = new ArrayList<>();

    for (int i = 0; i < 50_000; i++) {
      answers.add(budget.lookup(DnsQuestion.of("d" + i + ".example.com", Type.TXT)));
    }

    assertThat(dns.asked()).hasSize(200);
    assertThat(answers.subList(200, 50_000)).allMatch(a -> a instanceof DnsAnswer.Unchecked);
  }

  @Test
  void spfShouldSayUncheckedWhenTheBudgetRunsOut_D5() {
    LookupBudget exhausted = new LookupBudget(new InMemoryDns(), new LookupBudget.Limits(200, 0), RateLimiter.create(1_000_000), Duration.ZERO);

    SpfVerdict verdict = new SpfChecker().check(exhausted, "192.0.2.1", "a@example.com", "mail.example.com");

    assertThat(verdict.result().word()).isEqualTo("unchecked");
  }

  @Test
  void globalRateShouldLimitQuestionsAcrossReports() {
    RateLimiter oneQuestionNow = RateLimiter.create(1);
    LookupBudget first = new LookupBudget(new InMemoryDns(), LookupBudget.Limits.DEFAULTS, oneQuestionNow, Duration.ZERO);

    DnsAnswer asked = first.lookup(DnsQuestion.of("a.example.com", Type.TXT));
    DnsAnswer limited = first.lookup(DnsQuestion.of("b.example.com", Type.TXT));

    assertThat(asked).isNotInstanceOf(DnsAnswer.Unchecked.class);
    assertThat(limited).isInstanceOf(DnsAnswer.Unchecked.class);
  }

  @Test
  void questionsShouldOnlyEverBeAbsolute_D6() {
    assertThat(DnsQuestion.of("example.com", Type.TXT).name().isAbsolute()).isTrue();
    assertThat(DnsQuestion.of("example.com", Type.TXT).name().toString()).isEqualTo("example.com.");
  }
}
