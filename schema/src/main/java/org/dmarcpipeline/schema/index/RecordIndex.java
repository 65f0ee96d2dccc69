package org.dmarcpipeline.schema.index;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where report rows live in Elasticsearch: monthly indices {@code dmarc-records-YYYY.MM} behind the
 * read alias {@code dmarc-records}, created from the composable template this module ships.
 *
 * <p>Monthly, not daily: daily indices exhaust shard limits within a year (parsedmarc's trap).
 */
public final class RecordIndex {

  public static final String TEMPLATE_NAME = "dmarc-records";
  public static final String ALIAS = "dmarc-records";
  public static final String INDEX_PREFIX = "dmarc-records-";

  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

  private RecordIndex() {}

  /** The index of the month in which a report's period begins. */
  public static String indexFor(Instant begin) {
    return INDEX_PREFIX + MONTH.format(begin);
  }
}
