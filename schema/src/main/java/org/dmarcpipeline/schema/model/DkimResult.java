package org.dmarcpipeline.schema.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** DKIM verification result ({@code auth_results.dkim.result}), RFC 8601 words. */
public enum DkimResult implements ResultWord {
  NONE("none"),
  PASS("pass"),
  FAIL("fail"),
  POLICY("policy"),
  NEUTRAL("neutral"),
  TEMPERROR("temperror"),
  PERMERROR("permerror");

  private final String word;

  DkimResult(String word) {
    this.word = word;
  }

  @Override
  @JsonValue
  public String word() {
    return word;
  }
}
