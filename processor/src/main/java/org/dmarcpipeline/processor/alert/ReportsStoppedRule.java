package org.dmarcpipeline.processor.alert;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.json.JsonData;
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
    Aggregation perDomain = Aggregation.of(a -> a.terms(t -> t.field("policy_published.domain").size(10_000)).aggregations(Map.of(
        "recent", Aggregation.of(f -> f.filter(q -> q.range(r -> r.untyped(u -> u.field("@timestamp").gte(JsonData.of(quietStart.toString())))))),
        "reporters", Aggregation.of(t -> t.terms(v -> v.field("org_name").size(5))))));
    var response = es.search(s -> s.index(ReportIndex.ALIAS).size(0).allowNoIndices(true).ignoreUnavailable(true)
        .query(q -> q.range(r -> r.untyped(u -> u.field("@timestamp").gte(JsonData.of(baselineStart.toString())).lt(JsonData.of(now.toString())))))
        .aggregations("domains", perDomain), Void.class);
    List<AlertCondition> conditions = new ArrayList<>();
    if (response.aggregations().get("domains") == null) {
      return conditions;
    }
    for (StringTermsBucket domain : response.aggregations().get("domains").sterms().buckets().array()) {
      long recent = domain.aggregations().get("recent").filter().docCount();
      if (recent > 0) {
        continue;
      }
      String name = domain.key().stringValue();
      List<String> reporters = domain.aggregations().get("reporters").sterms().buckets().array().stream()
          .map(b -> b.key().stringValue()).toList();
      conditions.add(new AlertCondition(id(), name, "", baselineStart, now,
          Map.of("reports_before", domain.docCount(), "reports_since", 0, "reporters", reporters),
          name + ": no aggregate report since " + quietStart + " (before that: " + domain.docCount() + " from " + String.join(", ", reporters) + ")",
          "check that _dmarc." + name + " still has rua=mailto:... and that the mailbox accepts mail"));
    }
    return conditions;
  }
}
