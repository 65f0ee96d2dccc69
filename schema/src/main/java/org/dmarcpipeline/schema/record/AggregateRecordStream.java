package org.dmarcpipeline.schema.record;

import org.dmarcpipeline.schema.ReportHandler;
import org.dmarcpipeline.schema.model.ReportHeader;
import org.dmarcpipeline.schema.model.ReportIdentity;
import org.dmarcpipeline.schema.model.ReportRecord;
import org.dmarcpipeline.schema.model.ReportTotals;

/** A streamed report as the pipeline's records: each row as it is read, then the report's summary. */
public final class AggregateRecordStream implements ReportHandler {

  /** Where the records go. */
  public interface Sink {
    void record(AggregateRecord record);

    default void summary(ReportSummary summary) {}
  }

  private final Sink sink;
  private ReportHeader header;
  private String fingerprint;
  private ReportIdentity.Ids ids;
  private long rows;

  public AggregateRecordStream(Sink sink) {
    this.sink = sink;
  }

  @Override
  public void header(ReportHeader header, String fingerprint) {
    this.header = header;
    this.fingerprint = fingerprint;
    this.ids = header.identity().ids(fingerprint);
  }

  @Override
  public void record(ReportRecord record) {
    sink.record(AggregateRecords.of(header, fingerprint, ids, record));
    rows++;
  }

  @Override
  public void end(ReportTotals totals) {
    sink.summary(AggregateRecords.summary(header, fingerprint, totals));
  }

  /** Rows handed on so far. */
  public long rows() {
    return rows;
  }
}
