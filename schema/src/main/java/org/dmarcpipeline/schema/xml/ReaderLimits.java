package org.dmarcpipeline.schema.xml;

/**
 * Per-report limits of the reader, enforced while reading, before memory is spent. Over a limit
 * the report is rejected with the limit's name.
 *
 * <p>A part is one child of {@code feedback}: a record, the metadata, the policy, an extension.
 * The part limits bound what one part costs in memory, however the XML is shaped; the same
 * character limit bounds any text, comment or tag the parser holds at once ({@link
 * MarkupLimitStream}).
 *
 * @param maxRecords most {@code record} elements in one report
 * @param maxFieldLength most characters in one text field (org_name, domains, comments...)
 * @param maxPartChars most characters of text in one part, and in one piece of text or one tag
 * @param maxPartElements most elements in one part
 */
public record ReaderLimits(int maxRecords, int maxFieldLength, int maxPartChars, int maxPartElements) {

  /**
   * Room for the largest real reports, not for abuse. The largest reports from Google and
   * Microsoft we know of are tens of megabytes of XML and a few hundred thousand rows; a real
   * record is under 2,000 characters and 40 elements, a real header smaller still.
   */
  public static final ReaderLimits DEFAULTS = new ReaderLimits(1_000_000, 1024, 1 << 20, 10_000);

  public ReaderLimits {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be positive: " + maxRecords);
    }
    if (maxFieldLength < 253) {
      throw new IllegalArgumentException(
          "maxFieldLength must hold a domain name (253): " + maxFieldLength);
    }
    if (maxPartChars < maxFieldLength) {
      throw new IllegalArgumentException(
          "maxPartChars must hold a field (" + maxFieldLength + "): " + maxPartChars);
    }
    if (maxPartElements < 100) {
      throw new IllegalArgumentException("maxPartElements must hold a record (100): " + maxPartElements);
    }
  }
}
