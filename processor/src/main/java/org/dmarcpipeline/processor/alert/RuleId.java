package org.dmarcpipeline.processor.alert;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which rule raised an alert ({@code rule} of the stored alert and of every notification). The word
 * is also hashed into the alert id, so changing one would open every open alert a second time;
 * keep a retired rule's constant so its stored alerts stay readable.
 */
public enum RuleId {
  DMARC_FAILURE_SHARE("dmarc_failure_share"),
  SOURCE_CHANGE("source_change"),
  DNS_BREAKAGE("dns_breakage"),
  REPORTS_STOPPED("reports_stopped");

  private final String word;

  RuleId(String word) {
    this.word = word;
  }

  /** The word as stored in the alerts index, sent in notifications and hashed into alert ids. */
  @JsonValue
  public String word() {
    return word;
  }
}
