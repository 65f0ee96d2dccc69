package org.dmarcpipeline.schema.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which identity SPF checked: the HELO name or the MAIL FROM domain. */
public enum SpfScope implements ResultWord {
  HELO("helo"),
  MFROM("mfrom");

  private final String word;

  SpfScope(String word) {
    this.word = word;
  }

  @Override
  @JsonValue
  public String word() {
    return word;
  }
}
