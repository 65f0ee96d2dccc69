package org.dmarcpipeline.processor.alert;

import org.dmarcpipeline.schema.index.DmarcStatus;
import org.dmarcpipeline.schema.index.KeyFinding;
import org.dmarcpipeline.schema.index.SpfNowResult;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmarcpipeline.schema.index.Enrichment;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.index.ReportIndex;

/**
 * What the DNS cross-check of recent rows and reports found broken: a DKIM key in use that is
 * gone, revoked or weak; a domain without a usable DMARC record; an SPF record in permerror; a
 * DMARC record that says something else than what receivers report they applied (a policy change
 * not yet seen by receivers, or a record changed by someone who should not have).
 */
public final class DnsBreakageRule implements AlertRule {

  private final Duration window;

  public DnsBreakageRule(Duration window) {
    this.window = window;
  }

  @Override
  public RuleId id() {
    return RuleId.DNS_BREAKAGE;
  }

  @Override
  public List<AlertCondition> evaluate(ElasticsearchClient es, Instant now) throws IOException {
    Instant from = now.minus(window);
    List<AlertCondition> conditions = new ArrayList<>();
    // the DMARC record now is on the report documents, SPF and the keys on the rows
    for (StringTermsBucket domain : DomainBuckets.search(es, ReportIndex.ALIAS, DomainBuckets.between(from, now), Map.of(
        "dmarc", terms("dmarc_now.status"), "drift", terms("dmarc_now.drift")))) {
      String name = domain.key().stringValue();
      List<String> dmarc = DomainBuckets.keys(domain.aggregations().get("dmarc"));
      for (DmarcStatus found : List.of(DmarcStatus.NONE, DmarcStatus.INVALID, DmarcStatus.MULTIPLE)) {
        String status = found.word();
        if (dmarc.contains(status)) {
          conditions.add(new AlertCondition(id(), name, "dmarc:" + status, from, now, Map.of("dmarc_now", status),
              name + ": DMARC record is " + status + " now",
              found == DmarcStatus.MULTIPLE ? "keep exactly one v=DMARC1 record at _dmarc." + name : "publish a valid v=DMARC1 record at _dmarc." + name));
        }
      }
      for (String drift : DomainBuckets.keys(domain.aggregations().get("drift"))) {
        conditions.add(new AlertCondition(id(), name, "dmarc:drift:" + drift, from, now, Map.of("drift", drift),
            name + ": published DMARC record differs from what receivers report (" + drift + ")",
            "if the change at _dmarc." + name + " was intended, this clears once receivers see it; if not, restore the record"));
      }
    }
    for (StringTermsBucket domain : DomainBuckets.search(es, RecordIndex.ALIAS, DomainBuckets.between(from, now), Map.of(
        "spf", terms("spf_now.result"),
        "keys", Aggregation.of(k -> k.terms(t -> t.field("dkim_keys.location").size(100)).aggregations(Map.of(
            "status", terms("dkim_keys.status"))))))) {
      String name = domain.key().stringValue();
      String permerror = SpfNowResult.PERMERROR.word();
      if (DomainBuckets.keys(domain.aggregations().get("spf")).contains(permerror)) {
        conditions.add(new AlertCondition(id(), name, "spf:" + permerror, from, now, Map.of("spf_now", permerror),
            name + ": SPF evaluates to permerror now", "run bin/dmarc check-domain " + name + " and fix the SPF record it flags"));
      }
      for (StringTermsBucket key : domain.aggregations().get("keys").sterms().buckets().array()) {
        List<String> statuses = DomainBuckets.keys(key.aggregations().get("status"));
        String location = key.key().stringValue();
        String selector = Enrichment.DkimKey.selector(location);
        for (KeyFinding broken : List.of(KeyFinding.ABSENT, KeyFinding.REVOKED)) {
          String status = broken.word();
          if (statuses.contains(status)) {
            conditions.add(new AlertCondition(id(), name, "dkim:" + location + ":" + status, from, now, Map.of("key", location, "status", status),
                name + ": DKIM key " + location + " is in use but " + status,
                "publish a key at " + location + " or stop signing with selector " + selector));
          }
        }
        String weak = KeyFinding.WEAK.word();
        if (statuses.contains(weak)) {
          conditions.add(new AlertCondition(id(), name, "dkim:" + location + ":" + weak, from, now, Map.of("key", location, "strength", weak),
              name + ": DKIM key " + location + " is an RSA key under 1024 bits", "rotate " + location + " to a 2048-bit key"));
        }
      }
    }
    return conditions;
  }

  private static Aggregation terms(String field) {
    return Aggregation.of(a -> a.terms(t -> t.field(field).size(10)));
  }
}
