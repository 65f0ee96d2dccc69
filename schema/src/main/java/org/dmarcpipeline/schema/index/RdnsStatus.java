package org.dmarcpipeline.schema.index;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who a source IP is by forward-confirmed reverse DNS ({@code source.rdns_status}). */
public enum RdnsStatus implements DnsFinding {
  /** Its PTR name resolves back to it. */
  CONFIRMED("confirmed"),
  /** A PTR name that does not resolve back: whatever the address owner wants it to be. */
  UNCONFIRMED("unconfirmed"),
  /** No PTR record. */
  NONE("none"),
  TEMPERROR("temperror"),
  UNCHECKED("unchecked");

  private final String word;

  RdnsStatus(String word) {
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
