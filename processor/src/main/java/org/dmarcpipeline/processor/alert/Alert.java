package org.dmarcpipeline.processor.alert;

import java.time.Instant;
import java.util.Map;

/**
 * An alert as stored and as sent.
 *
 * @param status {@code open} or {@code resolved}
 * @param notifiedAt when a notification last went out for it
 */
public record Alert(
    String id,
    String rule,
    String domain,
    String subject,
    String status,
    Instant firstSeen,
    Instant lastSeen,
    Instant notifiedAt,
    Instant windowStart,
    Instant windowEnd,
    Map<String, Object> figures,
    String summary,
    String suggestedFix) {

  static Alert open(AlertCondition condition, Instant now) {
    return new Alert(condition.alertId(), condition.rule(), condition.domain(), condition.subject(), "open", now, now, now,
        condition.windowStart(), condition.windowEnd(), condition.figures(), condition.summary(), condition.suggestedFix());
  }

  Alert stillFiring(AlertCondition condition, Instant now, boolean notify) {
    return new Alert(id, rule, domain, subject, "open", firstSeen, now, notify ? now : notifiedAt,
        condition.windowStart(), condition.windowEnd(), condition.figures(), condition.summary(), condition.suggestedFix());
  }

  Alert resolved(Instant now) {
    return new Alert(id, rule, domain, subject, "resolved", firstSeen, now, now, windowStart, windowEnd, figures,
        "resolved: " + summary, suggestedFix);
  }
}
