package org.dmarcpipeline.schema.record;

import java.util.List;
import java.util.Objects;
import org.dmarcpipeline.schema.model.ParseWarning;
import org.dmarcpipeline.schema.model.PolicyPublished;
import org.dmarcpipeline.schema.model.ReportMetadata;

/**
 * One report as a whole, published on the reports topic after its last record: what the records
 * cannot say, because it is known only at the end (totals, warnings).
 *
 * @param id SHA-256 of report key and fingerprint: one document per version of a report
 * @param recordElements {@code record} elements in the report
 * @param records records published (the others were skipped with a warning)
 * @param messages sum of the published records' counts
 * @param extensions RFC 9990 report-level extensions as XML text
 */
public record ReportSummary(
    String id,
    String reportKey,
    String reportFingerprint,
    String namespace,
    String version,
    ReportMetadata reportMetadata,
    PolicyPublished policyPublished,
    int recordElements,
    int records,
    long messages,
    List<ParseWarning> warnings,
    List<String> extensions) {
  public ReportSummary {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reportKey, "report_key");
    Objects.requireNonNull(reportFingerprint, "report_fingerprint");
    Objects.requireNonNull(reportMetadata, "report_metadata");
    Objects.requireNonNull(policyPublished, "policy_published");
    warnings = List.copyOf(warnings);
    extensions = List.copyOf(extensions);
  }
}
