package org.dmarcpipeline.schema.index;

import com.fasterxml.jackson.annotation.JsonValue;

/** RFC 7208 {@code check_host()} now ({@code spf_now.result}): the RFC's results, and {@code unchecked} when the lookup budget ran out. */
public enum SpfNowResult implements DnsFinding {
  PASS("pass"),
  FAIL("fail"),
  SOFTFAIL("softfail"),
  NEUTRAL("neutral"),
  NONE("none"),
  PERMERROR("permerror"),
  TEMPERROR("temperror"),
  UNCHECKED("unchecked");

  private final String word;

  SpfNowResult(String word) {
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

  /**
   * The constant of a {@code check_host()} result word, any case.
   *
   * @throws IllegalArgumentException for a word that is not one of them
   */
  public static SpfNowResult of(String word) {
    for (SpfNowResult result : values()) {
      if (result.word.equalsIgnoreCase(word)) {
        return result;
      }
    }
    throw new IllegalArgumentException("not an SPF result: " + word);
  }
}
