package org.dmarcpipeline.ingest.mailbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.camel.ExchangeProperty;
import org.dmarcpipeline.ingest.publish.KafkaPublishException;

/**
 * The mails of one mailbox that failed for a transient reason, by UID, and when each may be tried
 * again: after 1 s, then twice as long after each further failure, at most {@link #MAX_BACKOFF}.
 * A mail waiting its turn is passed over, so the mails after it go on; a poll in which no mail
 * got anywhere ends the greedy polling ({@link ProcessedMailMover}), so a stuck folder is polled
 * at the poll delay, never in a loop.
 *
 * <p>Kafka refusing a mail's records for a reason that does not pass (too large, not authorized)
 * is counted too: after {@link #MAX_REFUSALS} such refusals in a row the mail goes to the dead
 * letter. One refusal alone is not enough: the topic may be reconfigured meanwhile (case M1).
 *
 * <p>Kept in memory: after a restart every mail gets its tries afresh, which costs a few
 * attempts, never a mail. Thread-safe: the route and the poll strategy both use it.
 */
final class MailRetries {

  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  static final int MAX_REFUSALS = 5;

  /** Mails that vanish (moved by a person) leave entries behind; this bounds them. */
  private static final int MAX_ENTRIES = 10_000;

  private record Retry(int failures, int refusals, long notBefore, String refusal) {}

  private final LongSupplier nanoTime;
  private final Map<Long, Retry> byUid =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Retry> eldest) {
          return size() > MAX_ENTRIES;
        }
      };
  private int stuckThisPoll;

  MailRetries() {
    this(System::nanoTime);
  }

  MailRetries(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** True while the mail waits for its next try; it then counts as stuck in this poll. */
  synchronized boolean waiting(@ExchangeProperty(MailboxRoutes.UID) long uid) {
    Retry retry = byUid.get(uid);
    if (retry != null && nanoTime.getAsLong() - retry.notBefore() < 0) {
      stuckThisPoll++;
      return true;
    }
    return false;
  }

  /**
   * @throws PermanentMailException when Kafka refused the mail's records too often for a reason
   *     that does not pass
   */
  synchronized void checkRefusals(long uid) throws PermanentMailException {
    Retry retry = byUid.get(uid);
    if (retry != null && retry.refusals() >= MAX_REFUSALS) {
      throw new PermanentMailException(
          "Kafka refused this mail's records " + retry.refusals() + " times: " + retry.refusal(), null);
    }
  }

  /** The mail failed for a transient reason, or Kafka refused it: it waits before its next try. */
  synchronized void failed(long uid, Throwable cause) {
    Retry before = byUid.getOrDefault(uid, new Retry(0, 0, 0, null));
    int failures = before.failures() + 1;
    long backoff = FIRST_BACKOFF.toNanos() << Math.min(failures - 1, 20);
    backoff = Math.min(backoff, MAX_BACKOFF.toNanos());
    boolean refused = cause instanceof KafkaPublishException kafka && kafka.isPermanent();
    byUid.put(uid, new Retry(
        failures,
        refused ? before.refusals() + 1 : 0,
        nanoTime.getAsLong() + backoff,
        refused ? cause.getMessage() : null));
    stuckThisPoll++;
  }

  /** The mail left its folder; it is forgotten. */
  synchronized void done(long uid) {
    byUid.remove(uid);
  }

  /** How many of this poll's mails got nowhere; starts the count of the next poll. */
  synchronized int takeStuck() {
    int stuck = stuckThisPoll;
    stuckThisPoll = 0;
    return stuck;
  }
}
