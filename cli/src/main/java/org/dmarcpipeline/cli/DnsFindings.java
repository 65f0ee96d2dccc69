package org.dmarcpipeline.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.index.ReportIndex;

/** What the DNS cross-check found, per policy domain, read back from Elasticsearch. */
final class DnsFindings {

  private DnsFindings() {}

  static void print(ElasticsearchClient es, PrintWriter out) throws IOException {
    Aggregation perDomain = Aggregation.of(a -> a.terms(t -> t.field("policy_published.domain").size(50)).aggregations(Map.of(
        "messages", sum(),
        "spf_pass", Aggregation.of(f -> f.filter(q -> q.term(t -> t.field("spf_now.result").value("pass"))).aggregations("messages", sum())),
        "keys", terms("dkim_keys.status", 10),
        "services", Aggregation.of(s -> s.terms(t -> t.field("source.service").size(3)).aggregations("messages", sum())))));
    var response = es.search(s -> s.index(RecordIndex.ALIAS).size(0).aggregations("domains", perDomain), Void.class);
    // the DMARC record now is found once per report, so its drift is on the report documents
    var reports = es.search(s -> s.index(ReportIndex.ALIAS).size(0).aggregations("domains", Aggregation.of(a -> a
        .terms(t -> t.field("policy_published.domain").size(50)).aggregations("drift", terms("dmarc_now.drift", 3)))), Void.class);
    Map<String, List<String>> drifts = new HashMap<>();
    for (StringTermsBucket domain : reports.aggregations().get("domains").sterms().buckets().array()) {
      drifts.put(domain.key().stringValue(), keys(domain.aggregations().get("drift")));
    }
    out.println("DNS cross-check: what the domains publish now, checked for every row");
    for (StringTermsBucket domain : response.aggregations().get("domains").sterms().buckets().array()) {
      Map<String, Aggregate> aggs = domain.aggregations();
      double total = aggs.get("messages").sum().value();
      double spfPass = aggs.get("spf_pass").filter().aggregations().get("messages").sum().value();
      out.printf("  %-20s SPF now passes %.1f%% of messages%n", domain.key().stringValue(), total == 0 ? 0 : 100 * spfPass / total);
      for (String drift : drifts.getOrDefault(domain.key().stringValue(), List.of())) {
        out.printf("  %-20s DMARC record changed: %s%n", "", drift);
      }
      // only keys that are not healthy are on the rows
      List<String> keys = keys(aggs.get("keys"));
      List<String> strengths = keys.stream().filter(s -> s.equals("weak") || s.equals("short")).toList();
      if (!strengths.isEmpty()) {
        out.printf("  %-20s DKIM keys in use are %s: rotate to 2048-bit RSA%n", "", String.join(" and ", strengths));
      }
      List<String> broken = keys.stream().filter(s -> s.equals("absent") || s.equals("revoked") || s.equals("invalid")).toList();
      if (!broken.isEmpty()) {
        out.printf("  %-20s DKIM keys in use are %s now%n", "", String.join(" and ", broken));
      }
      List<String> services = keys(aggs.get("services"));
      if (!services.isEmpty()) {
        out.printf("  %-20s sending services seen: %s%n", "", String.join(", ", services));
      }
    }
    out.flush();
  }

  private static List<String> keys(Aggregate terms) {
    return terms.sterms().buckets().array().stream().map(b -> b.key().stringValue()).toList();
  }

  private static Aggregation sum() {
    return Aggregation.of(a -> a.sum(s -> s.field("count")));
  }

  private static Aggregation terms(String field, int size) {
    return Aggregation.of(a -> a.terms(t -> t.field(field).size(size)));
  }
}
