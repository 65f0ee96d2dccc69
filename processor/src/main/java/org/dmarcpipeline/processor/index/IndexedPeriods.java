package org.dmarcpipeline.processor.index;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The report periods whose documents get an index: beginning from 2012 (DMARC aggregate reports
 * began then) to a day ahead of now. Indices are monthly and named after the month the period
 * begins in, so a bogus date (the parser lets any year up to 5138 through with a warning) would
 * create an index of its own, and enough of them fill the cluster's shard limit, after which no
 * real month gets its index either.
 */
public record IndexedPeriods(Clock clock) {

  public static final Instant EARLIEST = Instant.parse("2012-01-01T00:00:00Z");
  /** Reporters' clocks and time zones: a period may begin a little after our now. */
  public static final Duration AHEAD = Duration.ofDays(1);

  /** Why a report period beginning at {@code begin} gets no index; empty when it does. */
  public Optional<String> refusal(Instant begin) {
    if (begin.isBefore(EARLIEST) || begin.isAfter(clock.instant().plus(AHEAD))) {
      return Optional.of("report period outside the accepted window (from " + EARLIEST + " to a day from now): begins " + begin);
    }
    return Optional.empty();
  }
}
