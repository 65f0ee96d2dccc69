package org.dmarcpipeline.schema.index;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A dead letter as analysts see it.
 *
 * @param stage {@code ingest} or {@code processor}
 * @param source where the input was: {@code topic-partition@offset}, or a mailbox
 * @param payloadExcerpt the start of the input, for a first look; the whole is on the topic
 */
public record DeadLetterDocument(
    @JsonProperty("@timestamp") Instant timestamp, String stage, String reason, String key, String source, String payloadExcerpt) {}
