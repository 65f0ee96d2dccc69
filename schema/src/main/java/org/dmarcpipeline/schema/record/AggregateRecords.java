package org.dmarcpipeline.schema.record;

import java.util.List;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.model.ReportHeader;
import org.dmarcpipeline.schema.model.ReportIdentity;
import org.dmarcpipeline.schema.model.ReportRecord;
import org.dmarcpipeline.schema.model.ReportTotals;

/** Builds the topic payloads of a report: one record per row, one summary per report. */
public final class AggregateRecords {

  private AggregateRecords() {}

  /** One record of a report whose {@code ids} were computed once for all its records. */
  public static AggregateRecord of(ReportHeader header, String fingerprint, ReportIdentity.Ids ids, ReportRecord record) {
    return new AggregateRecord(
        ids.recordId(record.index()),
        ids.key(),
        fingerprint,
        header.namespace(),
        header.version(),
        header.reportMetadata(),
        header.policyPublished(),
        record);
  }

  public static ReportSummary summary(ReportHeader header, String fingerprint, ReportTotals totals) {
    ReportIdentity identity = header.identity();
    return new ReportSummary(
        identity.versionId(fingerprint),
        identity.key(),
        fingerprint,
        header.namespace(),
        header.version(),
        header.reportMetadata(),
        header.policyPublished(),
        totals.recordElements(),
        totals.records(),
        totals.messages(),
        totals.warnings(),
        totals.extensions());
  }

  /** The records of a report held whole. */
  public static List<AggregateRecord> of(AggregateReport report) {
    ReportHeader header = report.header();
    ReportIdentity.Ids ids = header.identity().ids(report.fingerprint());
    return report.records().stream().map(r -> of(header, report.fingerprint(), ids, r)).toList();
  }
}
