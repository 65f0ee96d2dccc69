package org.dmarcpipeline.processor.alert;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Why a notification goes out about an alert ({@code kind} of every notification). */
public enum NotificationKind {
  /** The condition started to hold, or holds again after it was resolved. */
  OPENED("opened"),
  /** Still holding once the suppression window has passed since the last notification. */
  REMINDER("reminder"),
  /** No longer holds. */
  RESOLVED("resolved");

  private final String word;

  NotificationKind(String word) {
    this.word = word;
  }

  /**
   * The word sent in notifications (JSON {@code kind}, the Kafka header, Slack and mail text) and
   * stored in an alert's undelivered notifications.
   */
  @JsonValue
  public String word() {
    return word;
  }

  /**
   * @throws IllegalArgumentException when {@code word} names no kind
   */
  public static NotificationKind of(String word) {
    return Arrays.stream(values()).filter(k -> k.word.equals(word)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no notification kind " + word));
  }
}
