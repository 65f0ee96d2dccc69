package org.dmarcpipeline.processor.alert;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether an alert's condition still holds ({@code status} of the stored alert). */
public enum AlertStatus {
  OPEN("open"),
  RESOLVED("resolved");

  private final String word;

  AlertStatus(String word) {
    this.word = word;
  }

  /** The word as stored in the alerts index and sent in notifications. */
  @JsonValue
  public String word() {
    return word;
  }
}
