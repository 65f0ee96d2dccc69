package org.dmarcpipeline.processor.index;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.dmarcpipeline.schema.model.AcceptedPeriods;

/**
 * The report periods whose documents get an index: those {@link AcceptedPeriods} accepts. The
 * parser refuses the others, but records written by an earlier release, or replayed from the raw
 * topic of one, were not held to it: the processor never names an index after a bogus month.
 */
public record IndexedPeriods(Clock clock) {

  public static final Instant EARLIEST = AcceptedPeriods.EARLIEST;
  public static final Duration AHEAD = AcceptedPeriods.AHEAD;

  /** Why a report period beginning at {@code begin} gets no index; empty when it does. */
  public Optional<String> refusal(Instant begin) {
    if (begin.isBefore(EARLIEST) || begin.isAfter(clock.instant().plus(AHEAD))) {
      return Optional.of("report period outside the accepted window (from " + EARLIEST + " to a day from now): begins " + begin);
    }
    return Optional.empty();
  }
}
