package org.dmarcpipeline.processor.enrich;

import org.dmarcpipeline.processor.dns.LookupDeadline;
import org.dmarcpipeline.schema.index.RecordDocument;
import org.dmarcpipeline.schema.index.ReportDocument;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.ReportSummary;

/**
 * The documents of rows and reports as the poll loop indexes them: with the live DNS cross-check's
 * findings ({@link RowEnricher}), or without when no DNS servers are configured ({@link #OFF}).
 */
public interface DnsChecks {

  /** No DNS servers configured: each document says what the reporter said, and no finding. */
  DnsChecks OFF =
      new DnsChecks() {
        @Override
        public LookupDeadline deadlineForPoll() {
          return LookupDeadline.NONE;
        }

        @Override
        public RecordDocument rowDocument(AggregateRecord row, LookupDeadline deadline) {
          return RecordDocument.of(row);
        }

        @Override
        public ReportDocument reportDocument(ReportSummary report, boolean reportIdReused, LookupDeadline deadline) {
          return ReportDocument.of(report, reportIdReused);
        }
      };

  /** The deadline for the checks of a poll that returned just now. */
  LookupDeadline deadlineForPoll();

  /** The row's document, checked as far as {@code deadline} allows; never null. */
  RecordDocument rowDocument(AggregateRecord row, LookupDeadline deadline);

  /** The report's document, its DMARC record checked as far as {@code deadline} allows; never null. */
  ReportDocument reportDocument(ReportSummary report, boolean reportIdReused, LookupDeadline deadline);
}
