package org.dmarcpipeline.schema.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The report periods the pipeline accepts, in one place for the parser that refuses others and
 * the processor that never names an index after them. Rows are stored by the month their report's
 * period begins in, so a bogus date would create an index of its own, and thousands of them fill
 * a cluster's shard limit.
 */
public final class AcceptedPeriods {

  /** DMARC aggregate reports exist since 2012. */
  public static final Instant EARLIEST = Instant.parse("2012-01-01T00:00:00Z");

  /** Reporters' clocks and time zones: a period may end a little after our now. */
  public static final Duration AHEAD = Duration.ofDays(1);

  /** Real receivers report a day or a week; a month is the bound. */
  public static final Duration LONGEST = Duration.ofDays(31);

  private AcceptedPeriods() {}
}
