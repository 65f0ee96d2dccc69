package org.dmarcpipeline.processor.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetLedgerTest {

  private static final TopicPartition P0 = new TopicPartition("records", 0);
  private static final TopicPartition P1 = new TopicPartition("records", 1);
  private final OffsetLedger ledger = new OffsetLedger();

  private static KafkaPosition at(TopicPartition partition, long offset) {
    return new KafkaPosition(partition, offset);
  }

  @Test
  void committableShouldStopAtTheFirstUnsettledRecordWhenLaterOnesAreSettled() {
    for (long offset = 0; offset < 5; offset++) {
      ledger.track(at(P0, offset));
    }
    ledger.settle(at(P0, 0));
    ledger.settle(at(P0, 1));
    ledger.settle(at(P0, 3));
    ledger.settle(at(P0, 4));

    assertThat(ledger.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
  }

  @Test
  void committableShouldMovePastTheLastRecordWhenAllAreSettled() {
    ledger.track(at(P0, 7));
    ledger.track(at(P0, 8));
    ledger.settle(at(P0, 8));
    ledger.settle(at(P0, 7));

    assertThat(ledger.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(9)));
    assertThat(ledger.idle()).isTrue();
  }

  @Test
  void committableShouldTreatPartitionsIndependently() {
    ledger.track(at(P0, 0));
    ledger.track(at(P1, 0));
    ledger.settle(at(P1, 0));

    Map<TopicPartition, OffsetAndMetadata> offsets = ledger.committable();

    assertThat(offsets).containsEntry(P1, new OffsetAndMetadata(1));
    assertThat(offsets.get(P0)).isEqualTo(new OffsetAndMetadata(0));
  }

  @Test
  void committableShouldNotRepeatAnOffsetAlreadyCommitted() {
    ledger.track(at(P0, 0));
    ledger.settle(at(P0, 0));
    ledger.committed(ledger.committable());

    assertThat(ledger.committable()).isEmpty();
  }

  @Test
  void failureShouldHoldCommitsAndNameTheOffsetToConsumeAgain() {
    for (long offset = 0; offset < 4; offset++) {
      ledger.track(at(P0, offset));
    }
    ledger.settle(at(P0, 0));
    ledger.fail(at(P0, 2));
    ledger.fail(at(P0, 1));
    ledger.settle(at(P0, 3));

    assertThat(ledger.committable()).isEmpty();
    assertThat(ledger.takeFailures()).containsExactly(Map.entry(P0, 1L));
    assertThat(ledger.takeFailures()).isEmpty();
    // consumed again from offset 1
    ledger.track(at(P0, 1));
    ledger.track(at(P0, 2));
    ledger.settle(at(P0, 1));
    assertThat(ledger.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
  }

  @Test
  void forgetShouldDropRevokedPartitions() {
    ledger.track(at(P0, 0));
    ledger.forget(List.of(P0));

    assertThat(ledger.committable()).isEmpty();
    assertThat(ledger.idle()).isTrue();
  }

  @Test
  void partitionShouldNotBeRewindableWhileAnswersAreStillInFlight() {
    for (long offset = 0; offset < 6; offset++) {
      ledger.track(at(P0, offset));
    }
    ledger.fail(at(P0, 4));

    assertThat(ledger.failing()).containsExactly(P0);
    assertThat(ledger.rewindable()).as("offsets 0-3 and 5 still in flight").isFalse();
    ledger.settle(at(P0, 0));
    ledger.settle(at(P0, 1));
    ledger.fail(at(P0, 2));
    ledger.settle(at(P0, 3));
    ledger.settle(at(P0, 5));

    assertThat(ledger.rewindable()).isTrue();
    assertThat(ledger.committable()).as("nothing committed while the partition is failing").isEmpty();
    assertThat(ledger.takeFailures()).as("the lowest failure, though it arrived late").containsExactly(Map.entry(P0, 2L));
  }

  @Test
  void lateFailureAfterARewindShouldNotBeLost() {
    ledger.track(at(P0, 0));
    ledger.track(at(P0, 1));
    ledger.fail(at(P0, 1));
    ledger.settle(at(P0, 0));
    assertThat(ledger.takeFailures()).containsExactly(Map.entry(P0, 1L));
    ledger.track(at(P0, 1));
    ledger.track(at(P0, 2));
    ledger.settle(at(P0, 2));

    assertThat(ledger.committable()).as("offset 1 is in flight again").containsExactly(Map.entry(P0, new OffsetAndMetadata(1)));
    ledger.fail(at(P0, 1));
    assertThat(ledger.committable()).isEmpty();
    assertThat(ledger.rewindable()).isTrue();
    assertThat(ledger.takeFailures()).containsExactly(Map.entry(P0, 1L));
  }
}
