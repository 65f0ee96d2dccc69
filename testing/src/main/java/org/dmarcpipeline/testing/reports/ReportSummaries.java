package org.dmarcpipeline.testing.reports;

import java.io.ByteArrayInputStream;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecordStream;
import org.dmarcpipeline.schema.record.ReportSummary;

/** Report summaries for tests, made the way ingest makes them. */
public final class ReportSummaries {

  private ReportSummaries() {}

  /** The summary ingest publishes for a report: streamed through the pipeline's parser, its totals counted there. */
  public static ReportSummary of(byte[] xml) throws Exception {
    ReportSummary[] summary = new ReportSummary[1];
    new ReportParser().parse(() -> new ByteArrayInputStream(xml), new AggregateRecordStream(new AggregateRecordStream.Sink() {
      @Override
      public void record(AggregateRecord record) {}

      @Override
      public void summary(ReportSummary found) {
        summary[0] = found;
      }
    }));
    return summary[0];
  }
}
