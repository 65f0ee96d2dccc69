package org.dmarcpipeline.schema.model;

import java.time.Instant;
import java.util.Objects;

/** The time range in UTC covered by a report ({@code report_metadata.date_range}). */
public record DateRange(Instant begin, Instant end) {
  public DateRange {
    Objects.requireNonNull(begin, "begin");
    Objects.requireNonNull(end, "end");
  }
}
