package org.dmarcpipeline.schema.index;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.dmarcpipeline.schema.model.ParseWarning;
import org.dmarcpipeline.schema.model.PolicyPublished;
import org.dmarcpipeline.schema.record.ReportSummary;

/**
 * The Elasticsearch document of one report (one per version of a report): reporter, period,
 * totals and the warnings of the parse. Mapping: {@code dmarc-reports-template.json}.
 *
 * @param warningCodes the distinct warning codes, for filtering reports by the repairs they needed
 * @param reportIdReused true when another report with the same identity (reporter, report id,
 *     domain, period) but different content was seen first: a correction, or a forgery
 */
public record ReportDocument(
    @JsonProperty("@timestamp") Instant timestamp,
    String key,
    String fingerprint,
    String orgName,
    String email,
    String reportId,
    Instant begin,
    Instant end,
    String namespace,
    String version,
    String generator,
    PolicyPublished policyPublished,
    int recordElements,
    int records,
    long messages,
    List<ParseWarning> warnings,
    List<String> warningCodes,
    List<String> extensions,
    boolean reportIdReused) {

  public static ReportDocument of(ReportSummary summary, boolean reportIdReused) {
    var metadata = summary.reportMetadata();
    return new ReportDocument(
        metadata.dateRange().begin(),
        summary.reportKey(),
        summary.reportFingerprint(),
        metadata.orgName(),
        metadata.email(),
        metadata.reportId(),
        metadata.dateRange().begin(),
        metadata.dateRange().end(),
        summary.namespace(),
        summary.version(),
        metadata.generator(),
        summary.policyPublished(),
        summary.recordElements(),
        summary.records(),
        summary.messages(),
        summary.warnings(),
        summary.warnings().stream().map(ParseWarning::code).distinct().sorted().toList(),
        summary.extensions(),
        reportIdReused);
  }
}
