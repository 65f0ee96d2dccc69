package org.dmarcpipeline.processor.alert;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmarcpipeline.schema.index.AlertIndex;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the rules and keeps one document per alert in Elasticsearch. Every state change is a
 * conditional write (create-only for a new alert, sequence-number checked for a change), and only
 * the instance whose write succeeded notifies: however many processors evaluate at once, each
 * alert is sent once. A condition still true within the suppression window only updates its
 * alert; one that is no longer true resolves it, with a notice.
 */
public final class AlertEngine {

  private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

  private final ElasticsearchClient es;
  private final List<AlertRule> rules;
  private final List<AlertSink> sinks;
  private final Duration suppression;

  public AlertEngine(ElasticsearchClient es, List<AlertRule> rules, List<AlertSink> sinks, Duration suppression) {
    this.es = es;
    this.rules = List.copyOf(rules);
    this.sinks = List.copyOf(sinks);
    this.suppression = suppression;
  }

  /** One evaluation of every rule at {@code now}; returns the notifications this instance sent. */
  public int evaluate(Instant now) throws IOException {
    int sent = 0;
    Set<String> firing = new HashSet<>();
    for (AlertRule rule : rules) {
      for (AlertCondition condition : rule.evaluate(es, now)) {
        firing.add(condition.alertId());
        sent += fire(condition, now);
      }
    }
    sent += resolveCleared(firing, now);
    return sent;
  }

  private int fire(AlertCondition condition, Instant now) throws IOException {
    GetResponse<Map> current = get(condition.alertId());
    if (current == null || !current.found()) {
      Alert alert = Alert.open(condition, now);
      try {
        es.create(c -> c.index(AlertIndex.INDEX).id(alert.id()).document(binary(alert)));
      } catch (ElasticsearchException e) {
        if (e.status() == 409) {
          return 0; // another instance opened it first, and notified
        }
        throw e;
      }
      return notify("opened", alert);
    }
    Alert stored = alert(current);
    boolean reopen = "resolved".equals(stored.status());
    boolean remind = !reopen && stored.notifiedAt().plus(suppression).isBefore(now);
    Alert next = reopen ? Alert.open(condition, now) : stored.stillFiring(condition, now, remind);
    if (!write(next, current)) {
      return 0;
    }
    return reopen ? notify("opened", next) : remind ? notify("reminder", next) : 0;
  }

  private int resolveCleared(Set<String> firing, Instant now) throws IOException {
    List<String> ruleIds = rules.stream().map(AlertRule::id).toList();
    // alerts opened a moment ago must be visible to the search below: it is not realtime
    es.indices().refresh(r -> r.index(AlertIndex.INDEX).allowNoIndices(true).ignoreUnavailable(true));
    var open = es.search(s -> s.index(AlertIndex.INDEX).size(10_000).allowNoIndices(true).ignoreUnavailable(true)
        .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("status").value("open")))
            .filter(f -> f.terms(t -> t.field("rule").terms(v -> v.value(ruleIds.stream().map(co.elastic.clients.elasticsearch._types.FieldValue::of).toList())))))), Map.class);
    int sent = 0;
    for (var hit : open.hits().hits()) {
      if (!firing.contains(hit.id())) {
        GetResponse<Map> current = get(hit.id());
        if (current != null && current.found() && "open".equals(alert(current).status())) {
          Alert resolved = alert(current).resolved(now);
          if (write(resolved, current)) {
            sent += notify("resolved", resolved);
          }
        }
      }
    }
    return sent;
  }

  /** Writes only if nobody changed the alert since it was read. */
  private boolean write(Alert alert, GetResponse<Map> read) throws IOException {
    try {
      es.index(i -> i.index(AlertIndex.INDEX).id(alert.id()).document(binary(alert))
          .ifSeqNo(read.seqNo()).ifPrimaryTerm(read.primaryTerm()));
      return true;
    } catch (ElasticsearchException e) {
      if (e.status() == 409) {
        return false;
      }
      throw e;
    }
  }

  /** Stored alerts are read back through our own codec, the one that wrote them. */
  private static Alert alert(GetResponse<Map> response) {
    return DmarcJson.mapper().convertValue(response.source(), Alert.class);
  }

  @SuppressWarnings("rawtypes")
  private GetResponse<Map> get(String id) throws IOException {
    try {
      return es.get(g -> g.index(AlertIndex.INDEX).id(id).realtime(true), Map.class);
    } catch (ElasticsearchException e) {
      if (e.status() == 404) {
        return null;
      }
      throw e;
    }
  }

  private int notify(String kind, Alert alert) {
    for (AlertSink sink : sinks) {
      try {
        sink.send(kind, alert);
      } catch (Exception e) {
        LOG.warn("alert {} ({}) not delivered to {}: {}", alert.id().substring(0, 12), kind, sink.getClass().getSimpleName(), e.toString());
      }
    }
    LOG.info("alert {}: {}", kind, alert.summary());
    return 1;
  }

  private static BinaryData binary(Alert alert) {
    return BinaryData.of(DmarcJson.encode(alert), ContentType.APPLICATION_JSON);
  }
}
