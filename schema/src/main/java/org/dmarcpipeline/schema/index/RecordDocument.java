package org.dmarcpipeline.schema.index;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.dmarcpipeline.schema.model.AuthResults;
import org.dmarcpipeline.schema.model.DkimAuthResult;
import org.dmarcpipeline.schema.model.Identifiers;
import org.dmarcpipeline.schema.model.PolicyEvaluated;
import org.dmarcpipeline.schema.model.PolicyPublished;
import org.dmarcpipeline.schema.model.ResultWord;
import org.dmarcpipeline.schema.model.SpfAuthResult;
import org.dmarcpipeline.schema.record.AggregateRecord;

/**
 * The Elasticsearch document of one report row, shaped for Kibana: report metadata denormalized,
 * {@code source.ip} as in the Elastic Common Schema, and flat keyword lists ({@code dkim_results},
 * {@code spf_results}) so that charts need no nested queries. The mapping is {@code
 * dmarc-records-template.json}; the two change together.
 *
 * @param timestamp the start of the report's period
 * @param dmarcResult {@code pass} when either aligned identifier passed, else {@code fail}
 */
public record RecordDocument(
    @JsonProperty("@timestamp") Instant timestamp,
    Report report,
    PolicyPublished policyPublished,
    Source source,
    long count,
    PolicyEvaluated policyEvaluated,
    String dmarcResult,
    Identifiers identifiers,
    AuthResults authResults,
    List<String> dkimResults,
    List<String> spfResults) {

  /** The report a row came from. */
  public record Report(
      String key,
      String fingerprint,
      String orgName,
      String email,
      String reportId,
      Instant begin,
      Instant end,
      String namespace,
      String version,
      int warningCount,
      int recordIndex) {}

  /** ECS {@code source}: where the messages came from. */
  public record Source(String ip) {}

  public static RecordDocument of(AggregateRecord record) {
    var metadata = record.reportMetadata();
    var row = record.record().row();
    var auth = record.record().authResults();
    return new RecordDocument(
        metadata.dateRange().begin(),
        new Report(
            record.reportKey(),
            record.reportFingerprint(),
            metadata.orgName(),
            metadata.email(),
            metadata.reportId(),
            metadata.dateRange().begin(),
            metadata.dateRange().end(),
            record.namespace(),
            record.version(),
            record.warningCount(),
            record.record().index()),
        record.policyPublished(),
        new Source(row.sourceIp().value()),
        row.count(),
        row.policyEvaluated(),
        row.policyEvaluated().dmarcPass() ? "pass" : "fail",
        record.record().identifiers(),
        auth,
        auth.dkim().stream().map(RecordDocument::describe).toList(),
        auth.spf().stream().map(RecordDocument::describe).toList());
  }

  private static String describe(DkimAuthResult dkim) {
    return orDash(dkim.selector()) + " / " + orDash(dkim.domain()) + " / " + word(dkim.result());
  }

  private static String describe(SpfAuthResult spf) {
    return word(spf.scope()) + " / " + orDash(spf.domain()) + " / " + word(spf.result());
  }

  private static String word(ResultWord word) {
    return word == null ? "-" : word.word();
  }

  private static String orDash(String text) {
    return text == null ? "-" : text;
  }
}
