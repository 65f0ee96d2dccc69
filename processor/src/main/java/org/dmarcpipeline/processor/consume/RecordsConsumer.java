package org.dmarcpipeline.processor.consume;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.dmarcpipeline.processor.dns.LookupDeadline;
import org.dmarcpipeline.processor.enrich.DnsChecks;
import org.dmarcpipeline.processor.failure.Failure;
import org.dmarcpipeline.processor.index.Indexer;
import org.dmarcpipeline.processor.index.ReportClaims;
import org.dmarcpipeline.processor.index.ReportIdClaims;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.ReportSummary;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.index.DeadLetterDocument;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's poll loop: report rows, report summaries and dead letters in, documents to the
 * indexer, offsets committed only as far as every earlier record is indexed or dead-lettered. A
 * record that could not be indexed for a passing reason is consumed again from its offset after a
 * pause.
 */
public final class RecordsConsumer implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(RecordsConsumer.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(30);
  /**
   * While records keep coming, offsets are committed at most this often: a commit is a round trip
   * to the broker that the loop waits for, and a backlog polls many times a second. A crash
   * replays at most this much more, which overwrites (ids are deterministic).
   */
  private static final Duration COMMIT_EVERY = Duration.ofSeconds(1);
  /** Polls whose report claims may be outstanding before the loop waits for the oldest. */
  private static final int MAX_PENDING_CLAIMS = 4;

  private final Consumer<String, byte[]> consumer;
  private final Topics topics;
  private final Settlement settlement;
  private final OffsetLedger ledger;
  private final Indexer<KafkaPosition> indexer;
  private final ReportClaims claims;
  private final DnsChecks checks;
  private final CommitObserver commitObserver;
  private final AtomicBoolean running = new AtomicBoolean(true);
  /** The DNS deadline of the last poll's rows and reports; the consumer thread's own. */
  private LookupDeadline dnsDeadline = LookupDeadline.NONE;
  /** Report summaries waiting for their claims' answers, oldest first; the consumer thread's own. */
  private final Deque<PendingClaims> pendingClaims = new ArrayDeque<>();
  private Duration backoff = Duration.ZERO;
  private long lastCommit = System.nanoTime();

  /**
   * @param settlement where the indexer reports each document's outcome, built before both
   * @param checks the DNS cross-check, {@link DnsChecks#OFF} when off
   * @param commitObserver told each commit just before it is made
   */
  public RecordsConsumer(
      Consumer<String, byte[]> consumer,
      Topics topics,
      Settlement settlement,
      Indexer<KafkaPosition> indexer,
      ReportClaims claims,
      DnsChecks checks,
      CommitObserver commitObserver) {
    this.consumer = consumer;
    this.topics = topics;
    this.settlement = settlement;
    this.ledger = settlement.ledger();
    this.indexer = indexer;
    this.claims = claims;
    this.checks = checks;
    this.commitObserver = commitObserver;
  }

  @Override
  public void run() {
    // the dead letters of both stages, this one's own among them, reach their index from the topic:
    // one path, committed like the rows once Elasticsearch has them
    consumer.subscribe(List.of(topics.records(), topics.reports(), topics.deadLetter()), new Rebalance());
    try {
      while (running.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        handle(records);
        settleAnsweredClaims();
        rewindFailures();
        if (records.isEmpty() || System.nanoTime() - lastCommit >= COMMIT_EVERY.toNanos()) {
          commit();
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } finally {
      drain();
      consumer.close();
    }
  }

  /** Stops the loop; in-flight bulk requests are awaited and their offsets committed. */
  public void stop() {
    running.set(false);
    consumer.wakeup();
  }

  /** Rows go to the indexer one by one; the poll's report summaries after them, claimed together. */
  private void handle(ConsumerRecords<String, byte[]> records) {
    // every poll restarts Kafka's max.poll.interval.ms, and with it the time DNS checks may take
    dnsDeadline = checks.deadlineForPoll();
    List<Summary> summaries = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      KafkaPosition position = new KafkaPosition(new TopicPartition(record.topic(), record.partition()), record.offset());
      ledger.track(position);
      byte[] value = record.value() == null ? new byte[0] : record.value();
      if (record.topic().equals(topics.deadLetter())) {
        indexDeadLetter(record, position);
        continue;
      }
      try {
        if (record.topic().equals(topics.reports())) {
          summaries.add(new Summary(DmarcJson.decodeSummary(value), position, record.key(), value));
        } else {
          AggregateRecord row = DmarcJson.decodeRecord(value);
          indexer.addRow(row.id(), checks.rowDocument(row, dnsDeadline), position);
        }
      } catch (UncheckedIOException e) {
        settlement.failed(position, record.key(), value, new Failure.Undecodable(e.getMessage()));
      }
    }
    index(summaries);
  }

  private void indexDeadLetter(ConsumerRecord<String, byte[]> record, KafkaPosition position) {
    DeadLetterDocument document;
    try {
      document = DeadLetterRecords.document(record);
    } catch (IllegalArgumentException e) {
      settlement.failed(position, record.key(), record.value(), new Failure.Undecodable(e.getMessage()));
      return;
    }
    indexer.addDeadLetter(document, position);
  }

  /** A report summary as consumed: decoded, and its key and value for a dead letter. */
  private record Summary(ReportSummary summary, KafkaPosition position, String key, byte[] value) {}

  private record PendingClaims(List<Summary> summaries, CompletableFuture<List<ReportIdClaims.Answer>> answers) {}

  /**
   * Asks for the claims of a poll's reports without waiting for them: their summaries are indexed
   * when the answers are in ({@link #settleAnsweredClaims}); their offsets stay uncommitted until then.
   */
  private void index(List<Summary> summaries) {
    if (summaries.isEmpty()) {
      return;
    }
    pendingClaims.add(new PendingClaims(summaries, claims.reused(summaries.stream().map(Summary::summary).toList())));
    while (pendingClaims.size() > MAX_PENDING_CLAIMS) {
      settle(pendingClaims.removeFirst());
    }
  }

  /** Indexes the summaries whose claims are answered, oldest first, up to the first still asked. */
  private void settleAnsweredClaims() {
    while (!pendingClaims.isEmpty() && pendingClaims.peekFirst().answers().isDone()) {
      settle(pendingClaims.removeFirst());
    }
  }

  /** Waits for every outstanding claim and indexes its summaries: before a drain or a revocation. */
  private void settleAllClaims() {
    while (!pendingClaims.isEmpty()) {
      settle(pendingClaims.removeFirst());
    }
  }

  private void settle(PendingClaims pending) {
    List<ReportIdClaims.Answer> answers;
    try {
      answers = pending.answers().join();
    } catch (CompletionException e) {
      LOG.warn("report id check failed for {} report(s), will retry: {}", pending.summaries().size(), e.getCause().toString());
      Failure failure = new Failure.ClaimFailed(e.getCause().toString());
      pending.summaries().forEach(s -> settlement.failed(s.position(), s.key(), s.value(), failure));
      return;
    }
    for (int i = 0; i < answers.size(); i++) {
      Summary s = pending.summaries().get(i);
      ReportIdClaims.Answer answer = answers.get(i);
      if (answer.failed()) {
        LOG.warn("report id check failed, will retry: {}", answer.failure());
        settlement.failed(s.position(), s.key(), s.value(), new Failure.ClaimFailed(answer.failure()));
      } else {
        indexer.addReport(s.summary().id(), checks.reportDocument(s.summary(), answer.reused(), dnsDeadline), s.position());
      }
    }
  }

  private void rewindFailures() {
    Set<TopicPartition> failing = ledger.failing();
    if (failing.isEmpty()) {
      backoff = Duration.ZERO;
      return;
    }
    consumer.pause(failing);
    indexer.flush();
    long inFlightDeadline = System.nanoTime() + IN_FLIGHT_WAIT.toNanos();
    while (running.get() && !ledger.rewindable() && System.nanoTime() < inFlightDeadline) {
      pollWhileWaiting();
    }
    if (!ledger.rewindable()) {
      return; // answers still outstanding: the next turn of the loop waits again, still paused
    }
    Map<TopicPartition, Long> failures = ledger.takeFailures();
    backoff = backoff.isZero() ? Duration.ofMillis(500) : min(backoff.multipliedBy(2), MAX_BACKOFF);
    LOG.warn("{} partition(s) rewound for retry in {}: {}", failures.size(), backoff, failures);
    failures.forEach(consumer::seek);
    long until = System.nanoTime() + backoff.toNanos();
    while (running.get() && System.nanoTime() < until) {
      pollWhileWaiting();
    }
    // a rebalance while waiting may have taken some of them away
    consumer.resume(failing.stream().filter(consumer.assignment()::contains).toList());
  }

  /**
   * Keeps this consumer in its group while failing partitions are paused; what the poll returns
   * for the other partitions is handled as usual, never dropped.
   */
  private void pollWhileWaiting() {
    handle(consumer.poll(POLL));
    settleAnsweredClaims();
    commit();
  }

  private void commit() {
    lastCommit = System.nanoTime();
    Map<TopicPartition, OffsetAndMetadata> offsets = ledger.committable();
    if (!offsets.isEmpty()) {
      commitObserver.committing(offsets);
      try {
        consumer.commitSync(offsets);
        ledger.committed(offsets);
      } catch (CommitFailedException | RebalanceInProgressException e) {
        // The group has given, or is giving, these partitions to another member (this one was too
        // slow, or members came or went). As Kafka documents: their next owner consumes them
        // again from the last commit, which overwrites in place (ids are deterministic); the next
        // poll rejoins the group and hands this member its new partitions.
        LOG.warn("commit refused by the group, records since the last commit will be consumed again: {}", e.toString());
      }
    }
  }

  private void drain() {
    try {
      settleAllClaims();
      indexer.flush();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!ledger.idle() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      commit();
    } catch (RuntimeException e) {
      LOG.warn("final commit failed; the uncommitted records will be consumed again: {}", e.toString());
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // settle what is in flight so the next owner starts where we really stopped
      settleAllClaims();
      indexer.flush();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!ledger.idle() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      try {
        commit();
      } catch (RuntimeException e) {
        LOG.warn("commit on revocation failed: {}", e.toString());
      }
      ledger.forget(partitions);
    }

    /**
     * The group gave these partitions to another member without asking (this one missed its poll
     * interval or its session): committing for them is refused now, and their new owner consumes
     * again from the last commit. Only forget them.
     */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      LOG.warn("{} partition(s) lost to the group; their records since the last commit are consumed again: {}", partitions.size(), partitions);
      ledger.forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
  }
}
