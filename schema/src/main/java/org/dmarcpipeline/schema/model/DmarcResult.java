package org.dmarcpipeline.schema.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The DMARC-aligned result in {@code policy_evaluated.dkim} and {@code policy_evaluated.spf}. */
public enum DmarcResult implements ResultWord {
  PASS("pass"),
  FAIL("fail");

  private final String word;

  DmarcResult(String word) {
    this.word = word;
  }

  @Override
  @JsonValue
  public String word() {
    return word;
  }
}
