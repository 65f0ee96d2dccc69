package org.dmarcpipeline.schema.deadletter;

import java.util.Locale;

/** The stage that dead-lettered an input; its word is what header and index say. */
public enum Stage {
  /** A mail that could not be read, unpacked or parsed; the raw mail is the dead letter. */
  INGEST,
  /** A record that could not be decoded or indexed; the record or refused document is the dead letter. */
  PROCESSOR;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException for anything but {@code ingest} or {@code processor}, in any case
   */
  public static Stage of(String word) {
    return valueOf(word.strip().toUpperCase(Locale.ROOT));
  }
}
