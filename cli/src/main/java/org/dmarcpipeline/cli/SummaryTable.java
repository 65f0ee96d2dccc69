package org.dmarcpipeline.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.util.NamedValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmarcpipeline.schema.index.RecordIndex;

/**
 * Per policy domain: messages, DMARC pass share, SPF- and DKIM-aligned shares, and the sources
 * that fail most with their service names, read back from Elasticsearch with one aggregation
 * query. Shares are of messages (rows weighted by their count), not of rows.
 */
final class SummaryTable {

  /** One line of the table. */
  record Line(String domain, long messages, double dmarcPass, double spfAligned, double dkimAligned, List<String> failingSources) {}

  private SummaryTable() {}

  /**
   * @param domain only this policy domain, or null for all
   * @param since only reports that began at or after this instant, or null for all
   */
  static List<Line> read(ElasticsearchClient es, String domain, Instant since) throws IOException {
    List<Query> filters = new ArrayList<>();
    if (domain != null) {
      filters.add(Query.of(q -> q.term(t -> t.field("policy_published.domain").value(domain))));
    }
    if (since != null) {
      filters.add(Query.of(q -> q.range(r -> r.untyped(u -> u.field("@timestamp").gte(JsonData.of(since.toString()))))));
    }
    Aggregation failingSources =
        Aggregation.of(
            a ->
                a.terms(t -> t.field("source.ip").size(3).order(NamedValue.of("messages", SortOrder.Desc)))
                    .aggregations(Map.of(
                        "messages", messages(),
                        "service", Aggregation.of(s -> s.terms(t -> t.field("source.service").size(1))))));
    Aggregation perDomain =
        Aggregation.of(
            a ->
                a.terms(t -> t.field("policy_published.domain").size(50))
                    .aggregations(
                        Map.of(
                            "messages", messages(),
                            "passing", only("dmarc_result", "pass", Map.of("messages", messages())),
                            "spf", only("policy_evaluated.spf", "pass", Map.of("messages", messages())),
                            "dkim", only("policy_evaluated.dkim", "pass", Map.of("messages", messages())),
                            "failing", only("dmarc_result", "fail", Map.of("sources", failingSources)))));
    var response =
        es.search(
            s -> s.index(RecordIndex.ALIAS).size(0).query(q -> q.bool(b -> b.filter(filters))).aggregations("domains", perDomain),
            Void.class);
    List<Line> lines = new ArrayList<>();
    for (StringTermsBucket bucket : response.aggregations().get("domains").sterms().buckets().array()) {
      Map<String, Aggregate> aggs = bucket.aggregations();
      double total = aggs.get("messages").sum().value();
      List<String> sources = new ArrayList<>();
      // Elasticsearch answers terms on an ip field with string keys
      for (StringTermsBucket source : aggs.get("failing").filter().aggregations().get("sources").sterms().buckets().array()) {
        var service = source.aggregations().get("service").sterms().buckets().array();
        sources.add(source.key().stringValue()
            + (service.isEmpty() ? "" : " " + service.get(0).key().stringValue())
            + " (" + Math.round(source.aggregations().get("messages").sum().value()) + ")");
      }
      lines.add(new Line(bucket.key().stringValue(), Math.round(total),
          share(aggs.get("passing"), total), share(aggs.get("spf"), total), share(aggs.get("dkim"), total), sources));
    }
    return lines;
  }

  static void print(List<Line> lines, PrintWriter out) {
    out.printf("%n%-22s %10s %11s %11s %11s   %s%n", "policy domain", "messages", "DMARC pass", "SPF align", "DKIM align", "top failing sources (messages)");
    for (Line line : lines) {
      out.printf("%-22s %10d %10.1f%% %10.1f%% %10.1f%%   %s%n", line.domain(), line.messages(),
          line.dmarcPass(), line.spfAligned(), line.dkimAligned(), String.join("  ", line.failingSources()));
    }
    out.flush();
  }

  private static double share(Aggregate filtered, double total) {
    double part = filtered.filter().aggregations().get("messages").sum().value();
    return total == 0 ? 0.0 : 100.0 * part / total;
  }

  private static Aggregation messages() {
    return Aggregation.of(a -> a.sum(s -> s.field("count")));
  }

  private static Aggregation only(String field, String value, Map<String, Aggregation> inside) {
    return Aggregation.of(a -> a.filter(f -> f.term(t -> t.field(field).value(value))).aggregations(inside));
  }
}
