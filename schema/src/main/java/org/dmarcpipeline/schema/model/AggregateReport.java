package org.dmarcpipeline.schema.model;

import java.util.List;
import java.util.Objects;

/**
 * A parsed, normalized DMARC aggregate report.
 *
 * @param namespace the XML namespace the report used, empty string for none
 * @param version the {@code version} element, nullable
 * @param records the rows kept, in document order
 * @param warnings repairs and skipped rows, never null
 */
public record AggregateReport(
    String namespace,
    String version,
    ReportMetadata reportMetadata,
    PolicyPublished policyPublished,
    List<ReportRecord> records,
    List<ParseWarning> warnings) {
  public AggregateReport {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(reportMetadata, "report_metadata");
    Objects.requireNonNull(policyPublished, "policy_published");
    records = List.copyOf(records);
    warnings = List.copyOf(warnings);
  }

  public ReportIdentity identity() {
    return ReportIdentity.of(reportMetadata, policyPublished);
  }
}
