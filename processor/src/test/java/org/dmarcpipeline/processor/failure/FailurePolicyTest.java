package org.dmarcpipeline.processor.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpipeline.processor.failure.FailurePolicy.Decision.DEAD_LETTER;
import static org.dmarcpipeline.processor.failure.FailurePolicy.Decision.RETRY;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where a failure happened and what it is, and what becomes of the record: the whole policy as a table. */
class FailurePolicyTest {

  private final FailurePolicy policy = new FailurePolicy();

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("a record that is no row JSON", new Failure.Undecodable("Unexpected character ('x')"), DEAD_LETTER),
        Arguments.of("a report dated in the year 3000", new Failure.OutsideIndexedPeriods("report period outside the accepted window"),
            DEAD_LETTER),
        Arguments.of("a field Elasticsearch cannot parse", new Failure.Refused(400, "document_parsing_exception",
            "[1:2] failed to parse field [count] of type [long]"), DEAD_LETTER),
        Arguments.of("a mapping conflict", new Failure.Refused(400, "mapper_parsing_exception", "failed to parse"), DEAD_LETTER),
        Arguments.of("a refusal without a reason", new Failure.Refused(400, "illegal_argument_exception", null), DEAD_LETTER),
        Arguments.of("too many requests", new Failure.Refused(429, "es_rejected_execution_exception", "rejected execution"), RETRY),
        Arguments.of("a server error", new Failure.Refused(500, "exception", "boom"), RETRY),
        Arguments.of("no shard available", new Failure.Refused(503, "unavailable_shards_exception", "primary shard is not active"),
            RETRY),
        Arguments.of("a read-only index (disk flood stage)", new Failure.Refused(403, "cluster_block_exception",
            "index [dmarc-records-2026.12] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark]"), RETRY),
        Arguments.of("the shard limit, as Elasticsearch 8 says it", new Failure.Refused(400, "validation_exception",
            "Validation Failed: 1: this action would add [1] shards, but this cluster currently has [1000]/[1000] maximum normal shards open;"),
            RETRY),
        Arguments.of("the shard limit, as Elasticsearch 7 says it", new Failure.Refused(400, "illegal_argument_exception",
            "Validation Failed: 1: this action would add [2] total shards, but this cluster currently has [1000]/[1000] maximum shards open;"),
            RETRY),
        Arguments.of("a bulk request unanswered", new Failure.BulkFailed("java.net.ConnectException: Connection refused"), RETRY),
        Arguments.of("a report id claim refused", new Failure.ClaimFailed("claim refused: cluster_block_exception: blocked"), RETRY),
        Arguments.of("a dead letter Kafka did not take", new Failure.DeadLetterNotWritten("TimeoutException: expired"), RETRY));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("failures")
  void decideShouldRetryPassingFailuresAndDeadLetterTheDocumentsFaults(String when, Failure failure, FailurePolicy.Decision expected) {
    assertThat(policy.decide(failure)).isEqualTo(expected);
  }

  @Test
  void refusalShouldSayWhatElasticsearchSaidInTheDeadLetter() {
    assertThat(new Failure.Refused(400, "document_parsing_exception", "failed to parse field [count]").reason())
        .isEqualTo("elasticsearch refused the document: 400 document_parsing_exception: failed to parse field [count]");
  }
}
