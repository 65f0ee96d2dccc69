package org.dmarcpipeline.processor.dns;

import com.google.common.util.concurrent.RateLimiter;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The lookups one report may cause: so many distinct names and so many questions, and no more
 * than the global rate allows. A report naming 50,000 domains or IPs gets its first few hundred
 * checked and the rest marked unchecked, never failed (case D5).
 */
public final class LookupBudget implements DnsResolver {

  /** Limits per report. */
  public record Limits(int maxNames, int maxQuestions) {
    public static final Limits DEFAULTS = new Limits(200, 2000);
  }

  private final DnsResolver next;
  private final Limits limits;
  private final RateLimiter globalRate;
  private final Duration rateWait;
  private final Set<org.xbill.DNS.Name> names = new HashSet<>();
  private int questions;

  /**
   * @param next usually the shared cache: a cached answer costs questions of the budget but no
   *     network traffic, so a budget stays meaningful however warm the cache is
   */
  public LookupBudget(DnsResolver next, Limits limits, RateLimiter globalRate, Duration rateWait) {
    this.next = next;
    this.limits = limits;
    this.globalRate = globalRate;
    this.rateWait = rateWait;
  }

  @Override
  public synchronized DnsAnswer lookup(DnsQuestion question) {
    if (!names.contains(question.name()) && names.size() >= limits.maxNames()) {
      return new DnsAnswer.Unchecked("report lookup budget: more than " + limits.maxNames() + " names");
    }
    if (questions >= limits.maxQuestions()) {
      return new DnsAnswer.Unchecked("report lookup budget: more than " + limits.maxQuestions() + " questions");
    }
    if (!globalRate.tryAcquire(rateWait)) {
      return new DnsAnswer.Unchecked("global DNS rate limit");
    }
    names.add(question.name());
    questions++;
    return next.lookup(question);
  }
}
