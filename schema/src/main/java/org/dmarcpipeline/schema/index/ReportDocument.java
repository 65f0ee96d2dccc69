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
 * @param dmarcNow the policy domain's DMARC record now, nullable when DNS checks are off
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
    boolean reportIdReused,
    @JsonProperty("dmarc_now") DmarcNow dmarcNow) {

  /**
   * The DNS cross-check of a report: its policy domain's DMARC record now. It is the same for every
   * row of the report, so it is found and indexed once per report.
   *
   * @param status never null
   * @param location where the record was found: {@code _dmarc.} and the policy domain, or its
   *     organizational domain's
   * @param drift tags that differ from the report's {@code policy_published}, as {@code "p: report
   *     says reject, DNS now says none"}
   */
  public record DmarcNow(
      DmarcStatus status, String location, String p, String sp, String adkim, String aspf, Integer pct, List<String> drift) {
    public DmarcNow {
      drift = List.copyOf(drift);
    }
  }

  public static ReportDocument of(ReportSummary summary, boolean reportIdReused) {
    return of(summary, reportIdReused, null);
  }

  /** @param dmarcNow the DNS cross-check of the report, nullable */
  public static ReportDocument of(ReportSummary summary, boolean reportIdReused, DmarcNow dmarcNow) {
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
        // sorted by word, as indexed before codes were an enum
        summary.warnings().stream().map(w -> w.code().word()).distinct().sorted().toList(),
        summary.extensions(),
        reportIdReused,
        dmarcNow);
  }
}
