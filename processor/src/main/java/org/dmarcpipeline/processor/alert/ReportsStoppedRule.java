package org.dmarcpipeline.processor.alert;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmarcpipeline.schema.index.ReportIndex;

/**
 * Reports stopped arriving for a domain that used to get them: some in the baseline period before
 * the quiet period, none in the quiet period. A lost {@code rua=} tag or a full mailbox shows here
 * first.
 */
public final class ReportsStoppedRule implements AlertRule {

  private final Duration quiet;
  private final Duration baseline;

  /**
   * @param quiet how long without reports counts as stopped (reports come daily, so two days)
   * @param baseline the period before that in which the domain must have had reports
   */
  public ReportsStoppedRule(Duration quiet, Duration baseline) {
    this.quiet = quiet;
    this.baseline = baseline;
  }

  @Override
  public String id() {
    return "reports_stopped";
  }

  @Override
  public List<AlertCondition> evaluate(ElasticsearchClient es, Instant now) throws IOException {
    Instant quietStart = now.minus(quiet);
    Instant baselineStart = quietStart.minus(baseline);
    List<StringTermsBucket> domains = DomainBuckets.search(es, ReportIndex.ALIAS, DomainBuckets.between(baselineStart, now), Map.of(
        "recent", Aggregation.of(f -> f.filter(DomainBuckets.between(quietStart, now))),
        "reporters", Aggregation.of(t -> t.terms(v -> v.field("org_name").size(5)))));
    List<AlertCondition> conditions = new ArrayList<>();
    for (StringTermsBucket domain : domains) {
      long recent = domain.aggregations().get("recent").filter().docCount();
      if (recent > 0) {
        continue;
      }
      String name = domain.key().stringValue();
      List<String> reporters = DomainBuckets.keys(domain.aggregations().get("reporters"));
      conditions.add(new AlertCondition(id(), name, "", baselineStart, now,
          Map.of("reports_before", domain.docCount(), "reports_since", 0, "reporters", reporters),
          name + ": no aggregate report since " + quietStart + " (before that: " + domain.docCount() + " from " + String.join(", ", reporters) + ")",
          "check that _dmarc." + name + " still has rua=mailto:... and that the mailbox accepts mail"));
    }
    return conditions;
  }
}
