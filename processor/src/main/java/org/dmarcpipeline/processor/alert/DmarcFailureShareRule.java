package org.dmarcpipeline.processor.alert;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmarcpipeline.processor.config.AlertSettings;
import org.dmarcpipeline.schema.index.RecordIndex;

/**
 * A domain's DMARC failure share over a window is above a threshold, on enough messages to mean
 * something (for example more than 5% of at least 1,000 messages over 24 hours).
 */
public final class DmarcFailureShareRule implements AlertRule {

  private final AlertSettings.Threshold defaults;
  private final Map<String, AlertSettings.Threshold> thresholds;
  private final Duration window;

  public DmarcFailureShareRule(double threshold, long minMessages, Duration window) {
    this(new AlertSettings.Threshold(threshold, minMessages), Map.of(), window);
  }

  /** {@code perDomain} overrides {@code defaults} for the domains it names. */
  public DmarcFailureShareRule(AlertSettings.Threshold defaults, Map<String, AlertSettings.Threshold> perDomain, Duration window) {
    this.defaults = defaults;
    this.thresholds = Map.copyOf(perDomain);
    this.window = window;
  }

  @Override
  public RuleId id() {
    return RuleId.DMARC_FAILURE_SHARE;
  }

  @Override
  public List<AlertCondition> evaluate(ElasticsearchClient es, Instant now) throws IOException {
    Instant from = now.minus(window);
    Aggregation sum = Aggregation.of(a -> a.sum(s -> s.field("count")));
    Aggregation failingSources = Aggregation.of(a -> a.terms(t -> t.field("source.ip").size(3)
        .order(co.elastic.clients.util.NamedValue.of("messages", co.elastic.clients.elasticsearch._types.SortOrder.Desc)))
        .aggregations(Map.of("messages", sum, "service", Aggregation.of(s -> s.terms(t -> t.field("source.service").size(1))))));
    List<StringTermsBucket> domains = DomainBuckets.search(es, RecordIndex.ALIAS, DomainBuckets.between(from, now), Map.of(
        "messages", sum,
        "failing", Aggregation.of(f -> f.filter(q -> q.term(t -> t.field("dmarc_result").value("fail")))
            .aggregations(Map.of("messages", sum, "sources", failingSources)))));
    List<AlertCondition> conditions = new ArrayList<>();
    for (StringTermsBucket domain : domains) {
      long messages = Math.round(domain.aggregations().get("messages").sum().value());
      var failing = domain.aggregations().get("failing").filter();
      long failures = Math.round(failing.aggregations().get("messages").sum().value());
      double share = messages == 0 ? 0 : (double) failures / messages;
      String name = domain.key().stringValue();
      AlertSettings.Threshold threshold = thresholds.getOrDefault(name, defaults);
      if (messages < threshold.minMessages() || share <= threshold.failureShare()) {
        continue;
      }
      List<String> sources = new ArrayList<>();
      for (StringTermsBucket source : failing.aggregations().get("sources").sterms().buckets().array()) {
        var service = source.aggregations().get("service").sterms().buckets().array();
        sources.add(source.key().stringValue() + (service.isEmpty() ? "" : " (" + service.get(0).key().stringValue() + ")"));
      }
      conditions.add(new AlertCondition(id(), name, "", from, now,
          Map.of("messages", messages, "failures", failures, "share", Math.round(share * 1000) / 1000.0, "sources", sources),
          String.format(Locale.ROOT, "%s: %.1f%% of %d messages failed DMARC in the last %s", name, share * 100, messages, window),
          sources.isEmpty() ? null : "check whether " + String.join(", ", sources) + " send for " + name
              + "; if so, authorize them in its SPF record or have them sign with DKIM for " + name));
    }
    return conditions;
  }
}
