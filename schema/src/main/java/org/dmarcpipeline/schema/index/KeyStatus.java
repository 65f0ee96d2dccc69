package org.dmarcpipeline.schema.index;

import com.fasterxml.jackson.annotation.JsonValue;

/** What {@code selector._domainkey.domain} publishes now (RFC 6376 3.6.1), as the key check finds it. */
public enum KeyStatus implements DnsFinding {
  /** A key; see its {@link KeyStrength}. */
  PRESENT("present"),
  /** {@code p=} empty. */
  REVOKED("revoked"),
  /** No key record. */
  ABSENT("absent"),
  /** A record that is not a usable key. */
  INVALID("invalid"),
  TEMPERROR("temperror"),
  UNCHECKED("unchecked");

  private final String word;

  KeyStatus(String word) {
    this.word = word;
  }

  @Override
  @JsonValue
  public String word() {
    return word;
  }

  @Override
  public boolean unanswered() {
    return this == TEMPERROR || this == UNCHECKED;
  }
}
