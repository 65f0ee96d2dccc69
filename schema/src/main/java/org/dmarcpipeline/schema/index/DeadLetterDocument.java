package org.dmarcpipeline.schema.index;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.dmarcpipeline.schema.deadletter.DeadLetterHeaders;
import org.dmarcpipeline.schema.deadletter.Stage;

/**
 * A dead letter as analysts see it.
 *
 * @param stage {@code ingest} or {@code processor}
 * @param key the dead letter's key: an ingest mail's SHA-256, a processor record's key
 * @param source where the input was: {@code topic-partition@offset}, or a mailbox
 * @param payloadExcerpt the start of the input, for a first look; the whole is on the topic
 */
public record DeadLetterDocument(
    @JsonProperty("@timestamp") Instant timestamp, String stage, String reason, String key, String source, String payloadExcerpt) {

  /** Characters of the input the excerpt keeps: a mail's first headers, a record's first fields. */
  static final int EXCERPT_BYTES = 1024;

  /** The document of a dead letter read from the topic: its headers, key and value. */
  public static DeadLetterDocument of(DeadLetterHeaders headers, String key, byte[] payload) {
    String source = headers.stage() == Stage.INGEST ? headers.mailbox() : headers.source();
    return new DeadLetterDocument(headers.time(), headers.stage().word(), headers.reason(), key, source, excerpt(payload));
  }

  private static String excerpt(byte[] payload) {
    String text = new String(payload, 0, Math.min(payload.length, EXCERPT_BYTES), StandardCharsets.UTF_8);
    return text.replaceAll("\\p{Cntrl}", " ");
  }
}
