package org.dmarcpipeline.processor.alert;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An alert as stored and as sent.
 *
 * @param status never null
 * @param notifiedAt when a notification last went out for it
 * @param undelivered notifications a sink failed to take; retried by the next evaluation
 */
public record Alert(
    String id,
    RuleId rule,
    String domain,
    String subject,
    AlertStatus status,
    Instant firstSeen,
    Instant lastSeen,
    Instant notifiedAt,
    Instant windowStart,
    Instant windowEnd,
    Map<String, Object> figures,
    String summary,
    String suggestedFix,
    List<UndeliveredNotification> undelivered) {

  public Alert {
    undelivered = undelivered == null ? List.of() : List.copyOf(undelivered);
  }

  static Alert open(AlertCondition condition, Instant now) {
    return new Alert(condition.alertId(), condition.rule(), condition.domain(), condition.subject(), AlertStatus.OPEN, now, now, now,
        condition.windowStart(), condition.windowEnd(), condition.figures(), condition.summary(), condition.suggestedFix(),
        List.of());
  }

  Alert stillFiring(AlertCondition condition, Instant now, boolean notify) {
    return new Alert(id, rule, domain, subject, AlertStatus.OPEN, firstSeen, now, notify ? now : notifiedAt,
        condition.windowStart(), condition.windowEnd(), condition.figures(), condition.summary(), condition.suggestedFix(),
        undelivered);
  }

  Alert resolved(Instant now) {
    return new Alert(id, rule, domain, subject, AlertStatus.RESOLVED, firstSeen, now, now, windowStart, windowEnd, figures,
        "resolved: " + summary, suggestedFix, undelivered);
  }

  /** The same alert with {@code pending} as its undelivered notifications. */
  Alert undelivered(Set<UndeliveredNotification> pending) {
    return new Alert(id, rule, domain, subject, status, firstSeen, lastSeen, notifiedAt, windowStart, windowEnd, figures,
        summary, suggestedFix, List.copyOf(pending));
  }

  /** Undelivered notifications so far and {@code more}. */
  Alert alsoUndelivered(Set<UndeliveredNotification> more) {
    Set<UndeliveredNotification> all = new LinkedHashSet<>(undelivered);
    all.addAll(more);
    return undelivered(all);
  }
}
