package org.dmarcpipeline.schema;

import java.util.ArrayList;
import java.util.List;
import org.dmarcpipeline.schema.model.ReportHeader;
import org.dmarcpipeline.schema.model.ReportRecord;
import org.dmarcpipeline.schema.model.ReportTotals;

/**
 * A report's header, records and totals held while it is read, to be handed on only once it has
 * been read to the end and its fingerprint is known. Holds at most a given number of records, and
 * at most {@link #MAX_EXTENSION_CHARS} of their extension content: a record is small, but each may
 * carry up to a part's worth of extension XML, and a few thousand of those would not fit in the
 * heap ingest runs with.
 */
final class HeldReport implements ReportHandler {

  /** The report has more records than may be held; it has to be read in two passes. */
  static final class TooLarge extends RuntimeException {
    TooLarge() {
      super(null, null, false, false);
    }
  }

  static final long MAX_EXTENSION_CHARS = 8L << 20;

  private final int maxRecords;
  private long extensionChars;
  private final List<ReportRecord> records = new ArrayList<>();
  private ReportHeader header;
  private ReportTotals totals;

  HeldReport(int maxRecords) {
    this.maxRecords = maxRecords;
  }

  @Override
  public void header(ReportHeader header, String fingerprint) {
    this.header = header;
  }

  @Override
  public void record(ReportRecord record) {
    for (String extension : record.extensions()) {
      extensionChars += extension.length();
    }
    if (records.size() >= maxRecords || extensionChars > MAX_EXTENSION_CHARS) {
      throw new TooLarge();
    }
    records.add(record);
  }

  @Override
  public void end(ReportTotals totals) {
    this.totals = totals;
  }

  /** Hands the whole report to {@code handler}, as a streaming read would have; returns its totals. */
  ReportTotals replay(ReportHandler handler, String fingerprint) {
    handler.header(header, fingerprint);
    records.forEach(handler::record);
    handler.end(totals);
    return totals;
  }
}
