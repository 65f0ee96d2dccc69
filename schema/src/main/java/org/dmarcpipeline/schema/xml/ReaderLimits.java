package org.dmarcpipeline.schema.xml;

/**
 * Per-report limits of the reader. Over a limit the report is rejected with the limit's name.
 *
 * @param maxRecords most {@code record} elements in one report
 * @param maxFieldLength most characters in one text field (org_name, domains, comments...)
 */
public record ReaderLimits(int maxRecords, int maxFieldLength) {

  /** Room for the largest real reports (a few hundred thousand rows), not for abuse. */
  public static final ReaderLimits DEFAULTS = new ReaderLimits(2_000_000, 1024);

  public ReaderLimits {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be positive: " + maxRecords);
    }
    if (maxFieldLength < 253) {
      throw new IllegalArgumentException(
          "maxFieldLength must hold a domain name (253): " + maxFieldLength);
    }
  }
}
