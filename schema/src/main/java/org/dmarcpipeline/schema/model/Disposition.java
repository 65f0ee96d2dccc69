package org.dmarcpipeline.schema.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** {@code p}, {@code sp} and {@code policy_evaluated.disposition}; RFC 9990 adds {@code pass}. */
public enum Disposition implements ResultWord {
  NONE("none"),
  QUARANTINE("quarantine"),
  REJECT("reject"),
  PASS("pass");

  private final String word;

  Disposition(String word) {
    this.word = word;
  }

  @Override
  @JsonValue
  public String word() {
    return word;
  }
}
