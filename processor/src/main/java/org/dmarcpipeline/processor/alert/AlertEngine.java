package org.dmarcpipeline.processor.alert;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
 *
 * <p>A new condition opens an alert only once it has held for {@code pendingFor} (seen by
 * evaluations at least that far apart): the rules read what is indexed, and a report being indexed
 * at that moment is seen in part, which can be a failure share the whole report does not have.
 * Conditions waiting out that time are kept in memory only; a restarted instance starts waiting
 * again, which delays an alert but never doubles one.
 *
 * <p>A notification a sink did not take is kept in the alert ({@code undelivered}) and retried at
 * the next evaluation, to that sink only, by the instance that wins the conditional write that
 * claims it.
 */
public final class AlertEngine {

  private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

  private final ElasticsearchClient es;
  private final List<AlertRule> rules;
  private final List<AlertSink> sinks;
  private final Duration suppression;
  private final Duration pendingFor;
  /** Alert id -> when its condition was first seen while no alert was open for it. */
  private final Map<String, Instant> pendingSince = new HashMap<>();

  /**
   * @param pendingFor how long a condition must hold before its alert opens; zero opens it at
   *     once
   */
  public AlertEngine(
      ElasticsearchClient es, List<AlertRule> rules, List<AlertSink> sinks, Duration suppression, Duration pendingFor) {
    this.es = es;
    this.rules = List.copyOf(rules);
    this.sinks = List.copyOf(sinks);
    this.suppression = suppression;
    this.pendingFor = pendingFor;
  }

  /** Where a write left a document: the next conditional write must name it. */
  private record Version(long seqNo, long primaryTerm) {}

  /** One evaluation of every rule at {@code now}; returns the notifications this instance sent. */
  public int evaluate(Instant now) throws IOException {
    int sent = retryUndelivered();
    Set<String> firing = new HashSet<>();
    for (AlertRule rule : rules) {
      for (AlertCondition condition : rule.evaluate(es, now)) {
        firing.add(condition.alertId());
        sent += fire(condition, now);
      }
    }
    sent += resolveCleared(firing, now);
    pendingSince.keySet().retainAll(firing);
    return sent;
  }

  /** True once the condition has held for {@code pendingFor}; remembers when it was first seen. */
  private boolean heldLongEnough(AlertCondition condition, Instant now) {
    Instant since = pendingSince.computeIfAbsent(condition.alertId(), id -> now);
    if (since.plus(pendingFor).isAfter(now)) {
      LOG.debug("alert {} pending since {}: {}", condition.alertId(), since, condition.summary());
      return false;
    }
    pendingSince.remove(condition.alertId());
    return true;
  }

  private int fire(AlertCondition condition, Instant now) throws IOException {
    GetResponse<Map> current = get(condition.alertId());
    boolean open = current != null && current.found() && alert(current).status() == AlertStatus.OPEN;
    if (!open && !heldLongEnough(condition, now)) {
      return 0;
    }
    if (current == null || !current.found()) {
      Alert alert = Alert.open(condition, now);
      Version created;
      try {
        var response = es.create(c -> c.index(AlertIndex.INDEX).id(alert.id()).document(binary(alert)));
        created = new Version(response.seqNo(), response.primaryTerm());
      } catch (ElasticsearchException e) {
        if (e.status() == 409) {
          return 0; // another instance opened it first, and notified
        }
        throw e;
      }
      return notify(NotificationKind.OPENED, alert, created);
    }
    Alert stored = alert(current);
    boolean reopen = stored.status() == AlertStatus.RESOLVED;
    boolean remind = !reopen && stored.notifiedAt().plus(suppression).isBefore(now);
    Alert next = reopen ? Alert.open(condition, now) : stored.stillFiring(condition, now, remind);
    Version written = write(next, version(current));
    if (written == null) {
      return 0;
    }
    return reopen ? notify(NotificationKind.OPENED, next, written) : remind ? notify(NotificationKind.REMINDER, next, written) : 0;
  }

  private int resolveCleared(Set<String> firing, Instant now) throws IOException {
    List<String> ruleIds = rules.stream().map(rule -> rule.id().word()).toList();
    // alerts opened a moment ago must be visible to the search below: it is not realtime
    es.indices().refresh(r -> r.index(AlertIndex.INDEX).allowNoIndices(true).ignoreUnavailable(true));
    var open = es.search(s -> s.index(AlertIndex.INDEX).size(10_000).allowNoIndices(true).ignoreUnavailable(true)
        .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("status").value(AlertStatus.OPEN.word())))
            .filter(f -> f.terms(t -> t.field("rule").terms(v -> v.value(ruleIds.stream().map(co.elastic.clients.elasticsearch._types.FieldValue::of).toList())))))), Map.class);
    int sent = 0;
    for (var hit : open.hits().hits()) {
      if (!firing.contains(hit.id())) {
        GetResponse<Map> current = get(hit.id());
        if (current != null && current.found() && alert(current).status() == AlertStatus.OPEN) {
          Alert resolved = alert(current).resolved(now);
          Version written = write(resolved, version(current));
          if (written != null) {
            sent += notify(NotificationKind.RESOLVED, resolved, written);
          }
        }
      }
    }
    return sent;
  }

  /**
   * Notifications that a sink did not take before: each alert holding some is claimed by a
   * conditional write that clears them, and only the claiming instance sends them again; what
   * fails again goes back into the alert.
   */
  private int retryUndelivered() throws IOException {
    es.indices().refresh(r -> r.index(AlertIndex.INDEX).allowNoIndices(true).ignoreUnavailable(true));
    var pending = es.search(s -> s.index(AlertIndex.INDEX).size(1000).allowNoIndices(true).ignoreUnavailable(true)
        .query(q -> q.exists(e -> e.field("undelivered"))), Map.class);
    int sent = 0;
    for (var hit : pending.hits().hits()) {
      GetResponse<Map> current = get(hit.id());
      if (current == null || !current.found() || alert(current).undelivered().isEmpty()) {
        continue;
      }
      Alert stored = alert(current);
      Version claimed = write(stored.undelivered(Set.of()), version(current));
      if (claimed == null) {
        continue; // another instance claimed them
      }
      Set<UndeliveredNotification> failed = new LinkedHashSet<>();
      Alert retried = stored.undelivered(Set.of());
      for (UndeliveredNotification notification : stored.undelivered()) {
        AlertSink sink = sinks.stream().filter(s -> s.name().equals(notification.sink())).findFirst().orElse(null);
        if (sink == null) {
          LOG.warn("alert {}: sink {} is no longer configured; {} notification dropped", shortId(stored), notification.sink(),
              notification.kind().word());
        } else if (deliver(sink, notification.kind(), retried)) {
          sent++;
        } else {
          failed.add(notification);
        }
      }
      if (!failed.isEmpty() && write(stored.undelivered(failed), claimed) == null) {
        LOG.warn("alert {} changed while retrying; undelivered {} not kept", shortId(stored), failed);
      }
    }
    return sent;
  }

  /** Writes only if nobody changed the alert since {@code read}; null when somebody did. */
  private Version write(Alert alert, Version read) throws IOException {
    try {
      var response = es.index(i -> i.index(AlertIndex.INDEX).id(alert.id()).document(binary(alert))
          .ifSeqNo(read.seqNo()).ifPrimaryTerm(read.primaryTerm()));
      return new Version(response.seqNo(), response.primaryTerm());
    } catch (ElasticsearchException e) {
      if (e.status() == 409) {
        return null;
      }
      throw e;
    }
  }

  private static Version version(GetResponse<Map> read) {
    return new Version(read.seqNo(), read.primaryTerm());
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

  /** Sends to every sink; what a sink did not take is kept in the alert for the next round. */
  private int notify(NotificationKind kind, Alert alert, Version written) throws IOException {
    Set<UndeliveredNotification> failed = new LinkedHashSet<>();
    for (AlertSink sink : sinks) {
      if (!deliver(sink, kind, alert)) {
        failed.add(new UndeliveredNotification(kind, sink.name()));
      }
    }
    LOG.info("alert {}: {}", kind.word(), alert.summary());
    if (!failed.isEmpty() && write(alert.alsoUndelivered(failed), written) == null) {
      LOG.warn("alert {} changed before its undelivered {} could be kept", shortId(alert), failed);
    }
    return 1;
  }

  private static boolean deliver(AlertSink sink, NotificationKind kind, Alert alert) {
    try {
      sink.send(kind, alert);
      return true;
    } catch (Exception e) {
      LOG.warn("alert {} ({}) not delivered to {}, will retry: {}", shortId(alert), kind.word(), sink.name(), e.toString());
      return false;
    }
  }

  private static String shortId(Alert alert) {
    return alert.id().substring(0, Math.min(12, alert.id().length()));
  }

  private static BinaryData binary(Alert alert) {
    return BinaryData.of(DmarcJson.encode(alert), ContentType.APPLICATION_JSON);
  }
}
