package org.dmarcpipeline.schema.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** {@code adkim} / {@code aspf}: relaxed ({@code r}) or strict ({@code s}). */
public enum Alignment implements ResultWord {
  RELAXED("r"),
  STRICT("s");

  private final String word;

  Alignment(String word) {
    this.word = word;
  }

  @Override
  @JsonValue
  public String word() {
    return word;
  }
}
