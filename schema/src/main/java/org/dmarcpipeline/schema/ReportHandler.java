package org.dmarcpipeline.schema;

import org.dmarcpipeline.schema.model.ReportHeader;
import org.dmarcpipeline.schema.model.ReportRecord;
import org.dmarcpipeline.schema.model.ReportTotals;

/**
 * Receives a report as it is read: the header once, then each kept record in document order, then
 * the totals. A report is never held whole, so a handler that forwards records keeps memory flat
 * whatever the report's size.
 *
 * <p>A runtime exception thrown by a handler stops the read and propagates unchanged.
 */
public interface ReportHandler {

  /**
   * Called once, before any record.
   *
   * @param fingerprint SHA-256 (hex) of the report XML, see {@link
   *     org.dmarcpipeline.schema.model.AggregateReport#fingerprint()}
   */
  void header(ReportHeader header, String fingerprint);

  void record(ReportRecord record);

  /** Called once, after the last record. */
  void end(ReportTotals totals);
}
