package org.dmarcpipeline.schema.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** SPF result ({@code auth_results.spf.result}), RFC 7208 words; RFC 9990 adds {@code policy}. */
public enum SpfResult implements ResultWord {
  NONE("none"),
  NEUTRAL("neutral"),
  PASS("pass"),
  FAIL("fail"),
  SOFTFAIL("softfail"),
  TEMPERROR("temperror"),
  PERMERROR("permerror"),
  POLICY("policy");

  private final String word;

  SpfResult(String word) {
    this.word = word;
  }

  @Override
  @JsonValue
  public String word() {
    return word;
  }
}
