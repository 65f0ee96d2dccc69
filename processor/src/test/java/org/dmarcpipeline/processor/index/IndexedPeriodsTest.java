package org.dmarcpipeline.processor.index;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.dmarcpipeline.processor.failure.FailurePolicy;
import org.junit.jupiter.api.Test;

/** Index names come only from sane dates; a full cluster is not the document's fault. */
class IndexedPeriodsTest {

  private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");
  private final IndexedPeriods periods = new IndexedPeriods(Clock.fixed(NOW, ZoneOffset.UTC));
  private final FailurePolicy policy = new FailurePolicy();

  @Test
  void aReportDatedInTheYear3000ShouldGetNoIndex() {
    assertThat(periods.refusal(Instant.parse("3000-01-01T00:00:00Z")))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("report period outside the accepted window"));
  }

  @Test
  void periodsBeforeDmarcReportsExistedShouldGetNoIndex() {
    assertThat(periods.refusal(Instant.EPOCH)).isPresent();
    assertThat(periods.refusal(Instant.parse("2011-12-31T23:59:59Z"))).isPresent();
    assertThat(periods.refusal(Instant.parse("2012-01-01T00:00:00Z"))).isEmpty();
  }

  @Test
  void aReporterAheadOfOurClockByLessThanADayShouldBeIndexed() {
    assertThat(periods.refusal(NOW)).isEmpty();
    assertThat(periods.refusal(NOW.plus(Duration.ofHours(23)))).isEmpty();
    assertThat(periods.refusal(NOW.plus(Duration.ofDays(1)).plusSeconds(1))).isPresent();
  }

  @Test
  void theShardLimitShouldBeRetriedNotDeadLettered() {
    assertThat(policy.decide(RecordIndexer.failureOf(item("validation_exception",
        "Validation Failed: 1: this action would add [1] shards, but this cluster currently has [1000]/[1000] maximum normal shards open;"))))
        .isEqualTo(FailurePolicy.Decision.RETRY);
    assertThat(policy.decide(RecordIndexer.failureOf(item("illegal_argument_exception",
        "Validation Failed: 1: this action would add [2] total shards, but this cluster currently has [1000]/[1000] maximum shards open;"))))
        .isEqualTo(FailurePolicy.Decision.RETRY);
    assertThat(policy.decide(RecordIndexer.failureOf(item("document_parsing_exception", "[1:2] failed to parse field [count] of type [long]"))))
        .isEqualTo(FailurePolicy.Decision.DEAD_LETTER);
  }

  private static BulkResponseItem item(String type, String reason) {
    return BulkResponseItem.of(b -> b.operationType(OperationType.Index).index("dmarc-records-2026.12").id("x").status(400)
        .error(e -> e.type(type).reason(reason)));
  }
}
