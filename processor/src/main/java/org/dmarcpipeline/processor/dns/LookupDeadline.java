package org.dmarcpipeline.processor.dns;

import com.google.common.base.Ticker;
import java.time.Duration;

/**
 * When the DNS checks of one poll must stop asking. All rows of a poll share one deadline, so that
 * however many sources a report names, the poll loop is back in {@code poll()} long before Kafka's
 * {@code max.poll.interval.ms} runs out (cases K4, D3). A question that would start after it is not
 * asked: its row says {@code unchecked}, never late and never {@code fail}.
 */
public final class LookupDeadline {

  /** No deadline: for checks outside the poll loop (the command line, benchmarks). */
  public static final LookupDeadline NONE = new LookupDeadline(Ticker.systemTicker(), 0, false);

  private final Ticker ticker;
  private final long endNanos;
  private final boolean bounded;

  private LookupDeadline(Ticker ticker, long endNanos, boolean bounded) {
    this.ticker = ticker;
    this.endNanos = endNanos;
    this.bounded = bounded;
  }

  /** The deadline {@code budget} from now. */
  public static LookupDeadline after(Duration budget) {
    return after(budget, Ticker.systemTicker());
  }

  public static LookupDeadline after(Duration budget, Ticker ticker) {
    return new LookupDeadline(ticker, ticker.read() + budget.toNanos(), true);
  }

  public boolean passed() {
    return bounded && ticker.read() - endNanos >= 0;
  }

  /** {@code wait}, or the time left if that is shorter (zero once passed). */
  public Duration cap(Duration wait) {
    if (!bounded) {
      return wait;
    }
    long left = Math.max(0, endNanos - ticker.read());
    return left < wait.toNanos() ? Duration.ofNanos(left) : wait;
  }
}
