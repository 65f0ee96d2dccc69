package org.dmarcpipeline.schema.index;

import com.fasterxml.jackson.annotation.JsonValue;

/** How strong a present DKIM key is: RSA keys under 2048 bits are short, under 1024 weak (RFC 8301). */
public enum KeyStrength {
  WEAK("weak"),
  SHORT("short"),
  OK("ok");

  private final String word;

  KeyStrength(String word) {
    this.word = word;
  }

  @JsonValue
  public String word() {
    return word;
  }

  /** The strength of an RSA key of {@code bits}. */
  public static KeyStrength ofRsaBits(int bits) {
    return bits < 1024 ? WEAK : bits < 2048 ? SHORT : OK;
  }
}
