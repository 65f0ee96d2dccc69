package org.dmarcpipeline.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.util.NamedValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import org.dmarcpipeline.schema.index.RecordIndex;

/**
 * Per policy domain: messages, DMARC pass share and the sources that fail most, read back from
 * Elasticsearch with one aggregation query.
 */
final class DemoSummary {

  private DemoSummary() {}

  static void print(ElasticsearchClient es, PrintWriter out) throws IOException {
    Aggregation failingSources =
        Aggregation.of(
            a ->
                a.terms(t -> t.field("source.ip").size(3).order(NamedValue.of("messages", SortOrder.Desc)))
                    .aggregations("messages", messages()));
    Aggregation perDomain =
        Aggregation.of(
            a ->
                a.terms(t -> t.field("policy_published.domain").size(20))
                    .aggregations(
                        Map.of(
                            "messages", messages(),
                            "passing", onlyResult("pass", Map.of("messages", messages())),
                            "failing", onlyResult("fail", Map.of("sources", failingSources)))));
    var response =
        es.search(s -> s.index(RecordIndex.ALIAS).size(0).aggregations("domains", perDomain), Void.class);

    out.printf("%n%-22s %10s %11s   %s%n", "policy domain", "messages", "DMARC pass", "top failing sources (messages)");
    for (StringTermsBucket domain : response.aggregations().get("domains").sterms().buckets().array()) {
      Map<String, Aggregate> aggs = domain.aggregations();
      double messages = aggs.get("messages").sum().value();
      double passing = aggs.get("passing").filter().aggregations().get("messages").sum().value();
      StringBuilder sources = new StringBuilder();
      // Elasticsearch answers terms on an ip field with string keys
      for (StringTermsBucket source :
          aggs.get("failing").filter().aggregations().get("sources").sterms().buckets().array()) {
        sources
            .append(source.key().stringValue())
            .append(" (")
            .append(Math.round(source.aggregations().get("messages").sum().value()))
            .append(")  ");
      }
      out.printf(
          "%-22s %10d %10.1f%%   %s%n",
          domain.key().stringValue(),
          (long) messages,
          messages == 0 ? 0.0 : 100.0 * passing / messages,
          sources.toString().strip());
    }
    out.flush();
  }

  private static Aggregation messages() {
    return Aggregation.of(a -> a.sum(s -> s.field("count")));
  }

  private static Aggregation onlyResult(String dmarcResult, Map<String, Aggregation> inside) {
    return Aggregation.of(
        a -> a.filter(f -> f.term(t -> t.field("dmarc_result").value(dmarcResult))).aggregations(inside));
  }
}
