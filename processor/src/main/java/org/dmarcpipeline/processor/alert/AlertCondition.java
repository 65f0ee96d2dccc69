package org.dmarcpipeline.processor.alert;

import java.time.Instant;
import java.util.Map;
import org.dmarcpipeline.schema.fingerprint.Sha256;

/**
 * Something an alert rule found true right now.
 *
 * @param subject what within the domain it is about (a selector, a source), empty when the domain
 * @param figures the numbers behind it (messages, failures, share...)
 * @param summary one line for a person
 * @param suggestedFix what to change, when it is clear; nullable
 */
public record AlertCondition(
    RuleId rule,
    String domain,
    String subject,
    Instant windowStart,
    Instant windowEnd,
    Map<String, Object> figures,
    String summary,
    String suggestedFix) {

  public AlertCondition {
    figures = Map.copyOf(figures);
  }

  /**
   * Stable across evaluations, instances and releases: the same condition is always the same alert.
   * Hashes the rule's word, never the constant's name.
   */
  public String alertId() {
    return Sha256.hex(rule.word() + "\n" + domain + "\n" + subject);
  }
}
