package org.dmarcpipeline.schema.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.dmarcpipeline.schema.config.Topics;

/**
 * What a dead letter on the dead-letter topic says about itself, in its record headers; its key
 * and value are the input itself (ingest: the mail's SHA-256 and the raw mail; processor: the
 * record's key and value, or the refused document). Ingest writes it, the processor writes it,
 * and the processor reads every one back into the dead-letter index.
 *
 * <p>Header names and values are those dead letters have carried from the start, so old dead
 * letters still read: only {@value #TIME} is newer, and a dead letter without it is dated by its
 * record's timestamp.
 *
 * @param stage which stage gave up on the input
 * @param reason why, in one line, never null
 * @param mailbox the mailbox the mail came from; null for a processor dead letter
 * @param source where the input was consumed, {@code topic-partition@offset}; null for an ingest
 *     dead letter
 * @param time when the input was dead-lettered
 */
public record DeadLetterHeaders(Stage stage, String reason, String mailbox, String source, Instant time) {

  public static final String REASON = "dmarc-reason";
  public static final String STAGE = "dmarc-stage";
  /** The same header raw report mails carry on their topic. */
  public static final String MAILBOX = Topics.MAILBOX_HEADER;
  public static final String SOURCE = "dmarc-source";
  /** ISO-8601, UTC. */
  public static final String TIME = "dmarc-time";

  public static DeadLetterHeaders ingest(String mailbox, String reason, Instant time) {
    return new DeadLetterHeaders(Stage.INGEST, reason, mailbox, null, time);
  }

  public static DeadLetterHeaders processor(String topic, int partition, long offset, String reason, Instant time) {
    // Kafka's own TopicPartition.toString(), as processor dead letters have always said
    return new DeadLetterHeaders(Stage.PROCESSOR, reason, null, topic + "-" + partition + "@" + offset, time);
  }

  /** The headers to write, by name, in a fixed order; absent values are left out. */
  public Map<String, byte[]> encode() {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    headers.put(REASON, bytes(reason));
    headers.put(STAGE, bytes(stage.word()));
    if (mailbox != null) {
      headers.put(MAILBOX, bytes(mailbox));
    }
    if (source != null) {
      headers.put(SOURCE, bytes(source));
    }
    headers.put(TIME, bytes(time.toString()));
    return headers;
  }

  /**
   * Reads the headers of a dead letter.
   *
   * @param header the last value of a header by name, null when absent
   * @param recordTime the record's timestamp, for dead letters written before {@value #TIME}
   * @throws IllegalArgumentException when the stage is missing or unknown, or the reason is missing:
   *     not a dead letter this project wrote
   */
  public static DeadLetterHeaders decode(Function<String, byte[]> header, Instant recordTime) {
    String stage = text(header.apply(STAGE));
    String reason = text(header.apply(REASON));
    if (stage == null || reason == null) {
      throw new IllegalArgumentException("no " + STAGE + " or " + REASON + " header");
    }
    String time = text(header.apply(TIME));
    Instant when = recordTime;
    if (time != null) {
      try {
        when = Instant.parse(time);
      } catch (DateTimeParseException e) {
        // the record's own timestamp is nearly as good as a garbled header
      }
    }
    return new DeadLetterHeaders(Stage.of(stage), reason, text(header.apply(MAILBOX)), text(header.apply(SOURCE)), when);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] value) {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }
}
