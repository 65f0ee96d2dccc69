package org.dmarcpipeline.processor.consume;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Tracks which consumed records are settled (indexed, or dead-lettered) so that an offset is
 * committed only when every record before it in its partition is settled. Thread-safe: bulk
 * callbacks settle, the poll thread reads.
 *
 * <p>A failed record makes its partition consume again from the lowest failed offset, but only
 * once nothing of that partition is in flight any more ({@link #rewindable()}): an answer still on
 * its way could otherwise be a failure below the rewind point that nobody consumes again, or a
 * late failure that moves the rewind point up past records that then never get indexed.
 */
public final class OffsetLedger {

  private final Map<TopicPartition, NavigableSet<Long>> pending = new HashMap<>();
  private final Map<TopicPartition, Long> nextToCommit = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final Map<TopicPartition, Long> failed = new HashMap<>();
  private static final NavigableSet<Long> EMPTY = new TreeSet<>();

  /** A record was handed on; it is pending until settled or failed. */
  public synchronized void track(KafkaPosition position) {
    pending.computeIfAbsent(position.partition(), p -> new TreeSet<>()).add(position.offset());
    nextToCommit.merge(position.partition(), position.offset() + 1, Math::max);
  }

  /** The record is durably handled: indexed, or written to the dead letter. */
  public synchronized void settle(KafkaPosition position) {
    NavigableSet<Long> offsets = pending.get(position.partition());
    if (offsets != null) {
      offsets.remove(position.offset());
    }
  }

  /** The record could not be handled for a passing reason; it must be consumed again. */
  public synchronized void fail(KafkaPosition position) {
    NavigableSet<Long> offsets = pending.get(position.partition());
    if (offsets == null) {
      // a partition forgotten since (revoked or lost): its next owner consumes the record again,
      // and a rewind of a partition this consumer no longer owns would fail
      return;
    }
    failed.merge(position.partition(), position.offset(), Math::min);
    offsets.remove(position.offset());
  }

  /** Partitions with a failed record; consume no more from them until they are rewound. */
  public synchronized Set<TopicPartition> failing() {
    return Set.copyOf(failed.keySet());
  }

  /** Whether every failing partition has no record in flight, so that it can be rewound. */
  public synchronized boolean rewindable() {
    return failed.keySet().stream().allMatch(p -> pending.getOrDefault(p, EMPTY).isEmpty());
  }

  /**
   * Partitions with a failed record, and the first offset to consume again; then cleared. Call only
   * when {@link #rewindable()}.
   */
  public synchronized Map<TopicPartition, Long> takeFailures() {
    Map<TopicPartition, Long> result = new HashMap<>(failed);
    failed.clear();
    for (TopicPartition partition : result.keySet()) {
      // everything from the failed offset on will be consumed and tracked again
      pending.remove(partition);
      nextToCommit.put(partition, Math.min(nextToCommit.getOrDefault(partition, 0L), result.get(partition)));
    }
    return result;
  }

  /** Offsets that may be committed now and were not committed before. */
  public synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
    for (var entry : nextToCommit.entrySet()) {
      TopicPartition partition = entry.getKey();
      if (failed.containsKey(partition)) {
        continue;
      }
      NavigableSet<Long> offsets = pending.get(partition);
      long safe = offsets == null || offsets.isEmpty() ? entry.getValue() : offsets.first();
      Long last = committed.get(partition);
      if (last == null || safe > last) {
        result.put(partition, new OffsetAndMetadata(safe));
      }
    }
    return result;
  }

  public synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((partition, offset) -> committed.merge(partition, offset.offset(), Math::max));
  }

  public synchronized boolean idle() {
    return pending.values().stream().allMatch(NavigableSet::isEmpty);
  }

  /** Forget partitions this instance no longer owns. */
  public synchronized void forget(Iterable<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      pending.remove(partition);
      nextToCommit.remove(partition);
      committed.remove(partition);
      failed.remove(partition);
    }
  }
}
