package org.dmarcpipeline.ingest.mail;

import java.util.List;
import org.dmarcpipeline.schema.model.AggregateReport;

/**
 * What a report mail held.
 *
 * @param reports the reports that parsed, in attachment order
 * @param rejected one line per attachment that did not parse, naming the attachment and the reason
 */
public record ParsedMail(RawMail raw, List<AggregateReport> reports, List<String> rejected) {
  public ParsedMail {
    reports = List.copyOf(reports);
    rejected = List.copyOf(rejected);
  }

  public int rowCount() {
    return reports.stream().mapToInt(report -> report.records().size()).sum();
  }
}
