package org.dmarcpipeline.processor.alert;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What every rule starts from: documents in a time range, bucketed by {@code
 * policy_published.domain}, with the rule's own sub-aggregations in each bucket.
 */
final class DomainBuckets {

  private DomainBuckets() {}

  /** One bucket per domain; none when the index does not exist yet. */
  static List<StringTermsBucket> search(ElasticsearchClient es, String index, Query query, Map<String, Aggregation> perDomain)
      throws IOException {
    Aggregation domains = Aggregation.of(a -> a.terms(t -> t.field("policy_published.domain").size(10_000)).aggregations(perDomain));
    var response = es.search(s -> s.index(index).size(0).allowNoIndices(true).ignoreUnavailable(true)
        .query(query).aggregations("domains", domains), Void.class);
    Aggregate buckets = response.aggregations().get("domains");
    return buckets == null ? List.of() : buckets.sterms().buckets().array();
  }

  /** {@code @timestamp} in [from, to). */
  static Query between(Instant from, Instant to) {
    return Query.of(q -> q.range(r -> r.untyped(u -> u.field("@timestamp").gte(JsonData.of(from.toString())).lt(JsonData.of(to.toString())))));
  }

  /** The keys of a terms aggregation, most frequent first. */
  static List<String> keys(Aggregate terms) {
    return terms.sterms().buckets().array().stream().map(b -> b.key().stringValue()).toList();
  }
}
