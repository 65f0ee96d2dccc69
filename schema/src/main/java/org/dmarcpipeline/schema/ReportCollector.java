package org.dmarcpipeline.schema;

import java.util.ArrayList;
import java.util.List;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.model.ReportHeader;
import org.dmarcpipeline.schema.model.ReportRecord;
import org.dmarcpipeline.schema.model.ReportTotals;

/** Collects a streamed report into one {@link AggregateReport}: for tools and tests, not the pipeline. */
public final class ReportCollector implements ReportHandler {

  private ReportHeader header;
  private String fingerprint;
  private final List<ReportRecord> records = new ArrayList<>();
  private ReportTotals totals;

  @Override
  public void header(ReportHeader header, String fingerprint) {
    this.header = header;
    this.fingerprint = fingerprint;
  }

  @Override
  public void record(ReportRecord record) {
    records.add(record);
  }

  @Override
  public void end(ReportTotals totals) {
    this.totals = totals;
  }

  /** @throws IllegalStateException when the report has not been read to its end */
  public AggregateReport report() {
    if (totals == null) {
      throw new IllegalStateException("report not read to the end");
    }
    return new AggregateReport(
        header.namespace(),
        header.version(),
        fingerprint,
        header.reportMetadata(),
        header.policyPublished(),
        records,
        totals.warnings(),
        totals.extensions());
  }
}
