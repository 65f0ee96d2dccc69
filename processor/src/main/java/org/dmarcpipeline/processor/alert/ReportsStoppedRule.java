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
import org.dmarcpipeline.processor.config.AlertSettings;
import org.dmarcpipeline.schema.index.ReportIndex;

/**
 * Reports stopped arriving for a domain that used to get them: some in the baseline period before
 * the quiet period, none in the quiet period. A lost {@code rua=} tag or a full mailbox shows here
 * first. The quiet period is the domain's own when it has one ({@code
 * dmarc.alerts.reports-stopped-after.<domain>}); zero never alerts for the domain.
 */
public final class ReportsStoppedRule implements AlertRule {

  private final AlertSettings.ReportsStopped quiet;
  private final Duration baseline;

  /**
   * @param quiet how long without reports counts as stopped, by domain
   * @param baseline the period before that in which the domain must have had reports
   */
  public ReportsStoppedRule(AlertSettings.ReportsStopped quiet, Duration baseline) {
    this.quiet = quiet;
    this.baseline = baseline;
  }

  @Override
  public RuleId id() {
    return RuleId.REPORTS_STOPPED;
  }

  @Override
  public List<AlertCondition> evaluate(ElasticsearchClient es, Instant now) throws IOException {
    // one search for every domain, as far back as the longest quiet period needs
    Instant searchedFrom = now.minus(quiet.longest()).minus(baseline);
    List<StringTermsBucket> domains = DomainBuckets.search(es, ReportIndex.ALIAS, DomainBuckets.between(searchedFrom, now), Map.of(
        "last", Aggregation.of(a -> a.max(m -> m.field("@timestamp"))),
        "reporters", Aggregation.of(t -> t.terms(v -> v.field("org_name").size(5)))));
    List<AlertCondition> conditions = new ArrayList<>();
    for (StringTermsBucket domain : domains) {
      String name = domain.key().stringValue();
      Duration quietFor = quiet.after(name);
      if (quietFor.isZero()) {
        continue;
      }
      Double lastMillis = domain.aggregations().get("last").max().value();
      if (lastMillis == null) {
        continue; // the client's value is nullable; the range query keeps only reports with a time
      }
      Instant quietStart = now.minus(quietFor);
      Instant last = Instant.ofEpochMilli(lastMillis.longValue());
      if (!last.isBefore(quietStart) || last.isBefore(quietStart.minus(baseline))) {
        continue; // still reporting, or quiet for longer than the baseline looks back
      }
      List<String> reporters = DomainBuckets.keys(domain.aggregations().get("reporters"));
      conditions.add(new AlertCondition(id(), name, "", searchedFrom, now,
          Map.of("reports_before", domain.docCount(), "reports_since", 0, "last_report", last.toString(), "reporters", reporters),
          name + ": no aggregate report since " + quietStart + " (the last began " + last + "; " + domain.docCount()
              + " since " + searchedFrom + " from " + String.join(", ", reporters) + ")",
          "check that _dmarc." + name + " still has rua=mailto:... and that the mailbox accepts mail"));
    }
    return conditions;
  }
}
