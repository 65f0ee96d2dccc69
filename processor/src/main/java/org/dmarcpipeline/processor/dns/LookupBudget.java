package org.dmarcpipeline.processor.dns;

import com.google.common.util.concurrent.RateLimiter;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The lookups one report may cause: so many distinct names and so many questions, and no more
 * than the global rate allows. A report naming 50,000 domains or IPs gets its first few hundred
 * checked and the rest marked unchecked, never failed (case D5). Asked {@link #until until} a
 * poll's deadline, it also asks nothing once the poll's time for DNS is spent (cases K4, D3).
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
  public DnsAnswer lookup(DnsQuestion question) {
    return lookup(question, LookupDeadline.NONE);
  }

  /** This budget as a resolver that asks nothing once {@code deadline} has passed. */
  public DnsResolver until(LookupDeadline deadline) {
    return question -> lookup(question, deadline);
  }

  private synchronized DnsAnswer lookup(DnsQuestion question, LookupDeadline deadline) {
    // first, so that a question not asked for lack of time costs none of the report's budget
    if (deadline.passed()) {
      return new DnsAnswer.Unchecked("poll time budget for DNS spent");
    }
    if (!names.contains(question.name()) && names.size() >= limits.maxNames()) {
      return new DnsAnswer.Unchecked("report lookup budget: more than " + limits.maxNames() + " names");
    }
    if (questions >= limits.maxQuestions()) {
      return new DnsAnswer.Unchecked("report lookup budget: more than " + limits.maxQuestions() + " questions");
    }
    // waiting for the rate is time of the poll too
    if (!globalRate.tryAcquire(deadline.cap(rateWait))) {
      return new DnsAnswer.Unchecked("global DNS rate limit");
    }
    names.add(question.name());
    questions++;
    return next.lookup(question);
  }
}
