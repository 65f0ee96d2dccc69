package org.dmarcpipeline.processor.alert;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmarcpipeline.processor.config.AlertSettings;
import org.dmarcpipeline.schema.index.RecordIndex;

/**
 * Sending networks (an IPv4 /24, an IPv6 /64) failing DMARC for a domain in the window, judged
 * against the domain's history before it:
 *
 * <ul>
 *   <li>{@code new_failing_source}: the network never sent for the domain in the history period;
 *   <li>{@code source_started_failing}: the network passed DKIM or SPF alignment for the domain in
 *       the history period and now fails: a key rotation or an SPF edit broke a legitimate sender.
 * </ul>
 */
public final class SourceChangeRule implements AlertRule {

  private final Duration window;
  private final Duration history;
  private final AlertSettings.Threshold defaults;
  private final Map<String, AlertSettings.Threshold> perDomain;

  /** Reads {@link AlertSettings.Threshold#sourceMinMessages()}, a domain's own where it has one. */
  public SourceChangeRule(Duration window, Duration history, AlertSettings.Threshold defaults,
      Map<String, AlertSettings.Threshold> perDomain) {
    this.window = window;
    this.history = history;
    this.defaults = defaults;
    this.perDomain = Map.copyOf(perDomain);
  }

  @Override
  public RuleId id() {
    return RuleId.SOURCE_CHANGE;
  }

  @Override
  public List<AlertCondition> evaluate(ElasticsearchClient es, Instant now) throws IOException {
    Instant from = now.minus(window);
    Instant historyFrom = from.minus(history);
    Aggregation sum = Aggregation.of(a -> a.sum(s -> s.field("count")));
    Aggregation networks = Aggregation.of(a -> a.terms(t -> t.field("source.network").size(1000))
        .aggregations(Map.of("messages", sum, "service", Aggregation.of(s -> s.terms(t -> t.field("source.service").size(1))))));
    List<StringTermsBucket> domains = DomainBuckets.search(es, RecordIndex.ALIAS,
        Query.of(q -> q.bool(b -> b.filter(DomainBuckets.between(from, now)).filter(f -> f.term(t -> t.field("dmarc_result").value("fail"))))),
        Map.of("networks", networks));
    List<AlertCondition> conditions = new ArrayList<>();
    for (StringTermsBucket domain : domains) {
      String name = domain.key().stringValue();
      long minMessages = perDomain.getOrDefault(name, defaults).sourceMinMessages();
      for (StringTermsBucket network : domain.aggregations().get("networks").sterms().buckets().array()) {
        long messages = Math.round(network.aggregations().get("messages").sum().value());
        if (messages < minMessages) {
          continue;
        }
        String net = network.key().stringValue();
        var service = network.aggregations().get("service").sterms().buckets().array();
        String who = net + (service.isEmpty() ? "" : " (" + service.get(0).key().stringValue() + ")");
        var before = es.search(s -> s.index(RecordIndex.ALIAS).size(0).allowNoIndices(true).ignoreUnavailable(true)
            .query(q -> q.bool(b -> b.filter(DomainBuckets.between(historyFrom, from))
                .filter(f -> f.term(t -> t.field("policy_published.domain").value(name)))
                .filter(f -> f.term(t -> t.field("source.network").value(net)))))
            .aggregations("aligned", Aggregation.of(a -> a.filter(f -> f.bool(b -> b
                .should(q -> q.term(t -> t.field("policy_evaluated.dkim").value("pass")))
                .should(q -> q.term(t -> t.field("policy_evaluated.spf").value("pass")))
                .minimumShouldMatch("1"))))), Void.class);
        long seenBefore = before.hits().total() == null ? 0 : before.hits().total().value();
        long alignedBefore = before.aggregations().get("aligned").filter().docCount();
        if (seenBefore == 0) {
          conditions.add(new AlertCondition(id(), name, "new:" + net, from, now, Map.of("network", net, "messages", messages),
              name + ": new source " + who + " sent " + messages + " messages failing DMARC",
              "if " + who + " sends for " + name + ", authorize it in SPF or have it sign with DKIM for " + name + "; if not, it is spoofing"));
        } else if (alignedBefore > 0) {
          conditions.add(new AlertCondition(id(), name, "started-failing:" + net, from, now,
              Map.of("network", net, "messages", messages, "aligned_rows_before", alignedBefore),
              name + ": " + who + " passed DMARC before and now fails (" + messages + " messages)",
              "check recent changes to the SPF record and DKIM keys of " + name + " that " + who + " relies on"));
        }
      }
    }
    return conditions;
  }
}
