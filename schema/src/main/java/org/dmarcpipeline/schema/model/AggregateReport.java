package org.dmarcpipeline.schema.model;

import java.util.List;
import java.util.Objects;

/**
 * A parsed, normalized DMARC aggregate report held whole in memory: for tools and tests. The
 * pipeline itself streams reports record by record ({@code ReportHandler}).
 *
 * @param fingerprint SHA-256 of the report XML: equal for the same report resent, different for
 *     another report reusing its id
 * @param records the rows kept, in document order
 * @param warnings repairs and skipped rows, never null
 * @param extensions RFC 9990 report-level {@code extension} elements as XML text, never null
 */
public record AggregateReport(
    String namespace,
    String version,
    String fingerprint,
    ReportMetadata reportMetadata,
    PolicyPublished policyPublished,
    List<ReportRecord> records,
    List<ParseWarning> warnings,
    List<String> extensions) {
  public AggregateReport {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(reportMetadata, "report_metadata");
    Objects.requireNonNull(policyPublished, "policy_published");
    records = List.copyOf(records);
    warnings = List.copyOf(warnings);
    extensions = List.copyOf(extensions);
  }

  public ReportHeader header() {
    return new ReportHeader(namespace, version, reportMetadata, policyPublished);
  }

  public ReportIdentity identity() {
    return ReportIdentity.of(reportMetadata, policyPublished);
  }
}
