package org.dmarcpipeline.schema.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** {@code policy_evaluated.reason.type}; RFC 9990 adds {@code policy_test_mode}. */
public enum PolicyOverride implements ResultWord {
  FORWARDED("forwarded"),
  SAMPLED_OUT("sampled_out"),
  TRUSTED_FORWARDER("trusted_forwarder"),
  MAILING_LIST("mailing_list"),
  LOCAL_POLICY("local_policy"),
  POLICY_TEST_MODE("policy_test_mode"),
  OTHER("other");

  private final String word;

  PolicyOverride(String word) {
    this.word = word;
  }

  @Override
  @JsonValue
  public String word() {
    return word;
  }
}
