package org.dmarcpipeline.schema.index;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where whole reports live: monthly indices {@code dmarc-reports-YYYY.MM} behind the read alias
 * {@code dmarc-reports}.
 */
public final class ReportIndex {

  public static final String TEMPLATE_NAME = "dmarc-reports";
  public static final String ALIAS = "dmarc-reports";
  public static final String INDEX_PREFIX = "dmarc-reports-";

  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

  private ReportIndex() {}

  public static String indexFor(Instant begin) {
    return INDEX_PREFIX + MONTH.format(begin);
  }

  /**
   * One document per report identity, id = report key, holding the fingerprint seen first: a
   * realtime GET on it tells whether a report reuses another's identity.
   */
  public static final String KEYS_INDEX = "dmarc-report-keys";

  public static final String KEYS_TEMPLATE_NAME = "dmarc-report-keys";
}
