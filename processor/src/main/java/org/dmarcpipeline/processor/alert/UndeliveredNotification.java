package org.dmarcpipeline.processor.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A notification a sink did not take, kept in the alert until it is retried there. Stored as
 * {@code kind:sink} (such as {@code opened:WebhookSink}), the form alerts have always been stored
 * in.
 *
 * @param sink the sink's {@link AlertSink#name()}
 */
public record UndeliveredNotification(NotificationKind kind, String sink) {

  public UndeliveredNotification {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sink, "sink");
  }

  /**
   * Reads the stored form; the sink is everything after the first colon (no kind word has one).
   *
   * @throws IllegalArgumentException when {@code stored} has no colon or names no kind
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static UndeliveredNotification parse(String stored) {
    int colon = stored.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("not kind:sink: " + stored);
    }
    return new UndeliveredNotification(NotificationKind.of(stored.substring(0, colon)), stored.substring(colon + 1));
  }

  /** The stored form, {@code kind:sink}. */
  @JsonValue
  public String stored() {
    return kind.word() + ":" + sink;
  }

  /** The stored form, so logs read as before. */
  @Override
  public String toString() {
    return stored();
  }
}
