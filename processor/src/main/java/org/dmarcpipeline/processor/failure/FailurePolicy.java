package org.dmarcpipeline.processor.failure;

/**
 * The one place that decides what becomes of a record that was not indexed: consumed again after a
 * pause, because the cause passes (overload, outage, a full cluster); or written to the dead
 * letter, because the same record can never be indexed. Retrying a permanent failure would stall
 * its partition for good; dead-lettering a passing one would lose a legitimate report's rows.
 */
public final class FailurePolicy {

  /** What to do with the record. */
  public enum Decision {
    /** Consume the record again from its offset, after a backoff; nothing is committed past it. */
    RETRY,
    /** Write the record to the dead-letter topic with {@link Failure#reason()}; commit past it once acknowledged. */
    DEAD_LETTER
  }

  public Decision decide(Failure failure) {
    return switch (failure) {
      case Failure.Undecodable undecodable -> Decision.DEAD_LETTER;
      case Failure.OutsideIndexedPeriods outside -> Decision.DEAD_LETTER;
      case Failure.Refused refused -> passes(refused) ? Decision.RETRY : Decision.DEAD_LETTER;
      case Failure.BulkFailed bulk -> Decision.RETRY;
      case Failure.ClaimFailed claim -> Decision.RETRY;
      // never DEAD_LETTER: that would try the same write again at once, and again
      case Failure.DeadLetterNotWritten notWritten -> Decision.RETRY;
    };
  }

  /**
   * Refusals that are not the document's fault: too many requests (those the bulk ingester's own
   * retries could not place), a server error, a read-only block (disk flood stage, cleared once
   * space is freed), or the cluster's shard limit.
   */
  private static boolean passes(Failure.Refused refused) {
    return refused.status() == 429
        || refused.status() >= 500
        || "cluster_block_exception".equals(refused.type())
        || isShardLimit(refused);
  }

  /**
   * The month's index could not be created because the cluster has as many shards open as it
   * allows: a 400, but not the document's fault. It clears once shards are freed or the limit is
   * raised; dead-lettering would lose a legitimate month's rows meanwhile. Elasticsearch says
   * {@code validation_exception} or {@code illegal_argument_exception} depending on the version,
   * so the reason decides.
   */
  private static boolean isShardLimit(Failure.Refused refused) {
    String detail = refused.detail();
    return detail != null && detail.contains("this action would add") && detail.contains("shards open");
  }
}
