package org.dmarcpipeline.processor.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dmarcpipeline.processor.enrich.DnsChecks;
import org.dmarcpipeline.processor.failure.Failure;
import org.dmarcpipeline.processor.failure.FailurePolicy;
import org.dmarcpipeline.processor.index.Indexer;
import org.dmarcpipeline.processor.index.ReportIdClaims;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.deadletter.DeadLetterHeaders;
import org.dmarcpipeline.schema.index.DeadLetterDocument;
import org.dmarcpipeline.schema.index.RecordDocument;
import org.dmarcpipeline.schema.index.ReportDocument;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.schema.record.ReportSummary;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.reports.ReportSummaries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The poll loop on Kafka's mock consumer and producer, with an indexer whose answers the test
 * gives: what it hands on, in which order, and how far it commits. The ITs run it against real
 * Kafka and Elasticsearch.
 */
class RecordsConsumerTest {

  private static final Topics TOPICS = Topics.DEFAULTS;
  private static final TopicPartition ROWS = new TopicPartition(TOPICS.records(), 0);
  private static final TopicPartition REPORTS = new TopicPartition(TOPICS.reports(), 0);

  private final ReplayingConsumer consumer = new ReplayingConsumer();
  private final MockProducer<String, byte[]> deadLetters =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private final Settlement settlement = new Settlement(new FailurePolicy(), deadLetters, TOPICS);
  private final FakeIndexer indexer = new FakeIndexer();
  private final List<Long> commits = new CopyOnWriteArrayList<>();
  private final RecordsConsumer loop =
      new RecordsConsumer(consumer, TOPICS, settlement, indexer, this::claim, DnsChecks.OFF, offsets -> {
            if (offsets.containsKey(ROWS)) {
              commits.add(offsets.get(ROWS).offset());
            }
          });
  private final Thread thread = new Thread(loop, "records-consumer-test");
  /** Report id claims that fail this many times more before Elasticsearch answers them. */
  private final AtomicInteger claimsToFail = new AtomicInteger();
  private final AtomicInteger claimsAsked = new AtomicInteger();
  private final List<AggregateRecord> rows = AggregateRecords.of(new ReportParser().parse(new ReportGenerator(1907).next(5, 1).xml()));

  RecordsConsumerTest() throws Exception {}

  @AfterEach
  void stopLoop() throws InterruptedException {
    indexer.acknowledgeOnFlush = true;
    while (deadLetters.completeNext()) {
      // the stop awaits every dead letter in flight
    }
    loop.stop();
    thread.join(Duration.ofSeconds(40).toMillis());
  }

  @Test
  void rowsShouldBeHandedToTheIndexerInTheirOrderWhenPolled() {
    publish(values(rows));
    thread.start();

    await().until(() -> indexer.handed.size() == rows.size());
    assertThat(indexer.handed).extracting(Handed::id).containsExactlyElementsOf(rows.stream().map(AggregateRecord::id).toList());
    assertThat(indexer.handed).extracting(h -> h.position().offset()).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void offsetsShouldBeCommittedOnlyUpToTheFirstRecordNotYetAcknowledged() {
    publish(values(rows));
    thread.start();
    await().until(() -> indexer.handed.size() == 5);

    indexer.acknowledge(4, 3, 0, 1);
    await().until(() -> committed() == 2);
    indexer.acknowledge(2);
    await().until(() -> committed() == 5);

    assertThat(commits).as("nothing past offset 2 before Elasticsearch acknowledged it").allMatch(o -> o <= 2 || o == 5).endsWith(5L);
  }

  @Test
  void undecodableRecordShouldBeDeadLetteredAndCommittedOnlyOnceTheDeadLetterIsAcknowledged() {
    List<byte[]> values = values(rows.subList(0, 2));
    byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
    values.add(1, garbage);
    publish(values);
    thread.start();
    await().until(() -> indexer.handed.size() == 2 && deadLetters.history().size() == 1);

    indexer.acknowledge(0, 1);
    await().until(() -> committed() == 1);
    ProducerRecord<String, byte[]> deadLetter = deadLetters.history().get(0);
    assertThat(deadLetter.topic()).isEqualTo(TOPICS.deadLetter());
    assertThat(deadLetter.key()).isEqualTo("key-1");
    assertThat(deadLetter.value()).isEqualTo(garbage);
    assertThat(commits).as("offset 1 waits for Kafka to take its dead letter").doesNotContain(2L, 3L);

    assertThat(deadLetters.completeNext()).isTrue();
    await().until(() -> committed() == 3);
    assertThat(indexer.handed).extracting(h -> h.position().offset()).containsExactly(0L, 2L);
  }

  @Test
  void retryShouldRewindThePartitionAndConsumeTheRecordAgain() {
    publish(values(rows.subList(0, 3)));
    thread.start();
    await().until(() -> indexer.handed.size() == 3);

    indexer.acknowledge(0, 2);
    indexer.fail(1, new Failure.BulkFailed("java.net.ConnectException: Connection refused"));
    await().atMost(Duration.ofSeconds(10)).until(() -> indexer.handed.size() == 5);
    assertThat(indexer.handed).extracting(h -> h.position().offset()).containsExactly(0L, 1L, 2L, 1L, 2L);
    assertThat(committed()).as("offset 1 is not indexed yet").isLessThanOrEqualTo(1);

    indexer.acknowledge(3, 4);
    await().until(() -> committed() == 3);
    assertThat(deadLetters.history()).as("a passing failure is never dead-lettered").isEmpty();
  }

  @Test
  void refusedDocumentShouldGoToTheDeadLetterTopicWithElasticsearchsReason() {
    publish(values(rows.subList(0, 1)));
    thread.start();
    await().until(() -> indexer.handed.size() == 1);

    indexer.fail(0, new Failure.Refused(400, "document_parsing_exception", "failed to parse field [count]"));
    await().until(() -> deadLetters.history().size() == 1);
    assertThat(new String(deadLetters.history().get(0).headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
        .isEqualTo("elasticsearch refused the document: 400 document_parsing_exception: failed to parse field [count]");
    deadLetters.completeNext();

    await().until(() -> committed() == 1);
  }

  @Test
  void reportShouldBeIndexedOnceItsClaimIsAnsweredAndConsumedAgainWhenTheClaimFailed() throws Exception {
    ReportSummary report = ReportSummaries.of(new ReportGenerator(1907).next(5, 1).xml());
    claimsToFail.set(1);
    publish(REPORTS, List.of(DmarcJson.encode(report)));
    thread.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> indexer.handed.size() == 1);
    assertThat(claimsAsked).as("asked again after the failed claim").hasValue(2);
    assertThat(indexer.handed).singleElement().isEqualTo(new Handed(report.id(), new KafkaPosition(REPORTS, 0)));
    assertThat(committed(REPORTS)).isZero();

    indexer.acknowledge(0);
    await().until(() -> committed(REPORTS) == 1);
  }

  @Test
  void stopShouldAwaitWhatIsInFlightAndCommitIt() throws InterruptedException {
    publish(values(rows));
    thread.start();
    await().until(() -> indexer.handed.size() == 5);
    indexer.acknowledgeOnFlush = true;

    loop.stop();
    thread.join(Duration.ofSeconds(40).toMillis());

    assertThat(thread.isAlive()).isFalse();
    assertThat(commits).endsWith(5L);
    assertThat(consumer.closed()).isTrue();
  }

  private long committed() {
    return committed(ROWS);
  }

  private long committed(TopicPartition partition) {
    OffsetAndMetadata offset = consumer.committed(Set.of(partition)).get(partition);
    return offset == null ? 0 : offset.offset();
  }

  private CompletableFuture<List<ReportIdClaims.Answer>> claim(List<ReportSummary> summaries) {
    claimsAsked.incrementAndGet();
    if (claimsToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return CompletableFuture.failedFuture(new java.net.ConnectException("Connection refused"));
    }
    return CompletableFuture.completedFuture(summaries.stream().map(s -> new ReportIdClaims.Answer(false, null)).toList());
  }

  private static List<byte[]> values(List<AggregateRecord> rows) {
    List<byte[]> values = new ArrayList<>();
    rows.forEach(row -> values.add(DmarcJson.encode(row)));
    return values;
  }

  private void publish(List<byte[]> values) {
    publish(ROWS, values);
  }

  /** The values as the partition's first offsets, delivered once the loop has joined the group. */
  private void publish(TopicPartition partition, List<byte[]> values) {
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(partition));
      consumer.updateBeginningOffsets(Map.of(partition, 0L));
      for (int offset = 0; offset < values.size(); offset++) {
        consumer.addRecord(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "key-" + offset, values.get(offset)));
      }
    });
  }

  /**
   * A mock consumer that, like a broker, hands out records again after a seek back (the mock itself
   * forgets a record once polled), and whose empty poll waits a little, as a broker's fetch does,
   * instead of spinning the loop.
   */
  private static final class ReplayingConsumer extends MockConsumer<String, byte[]> {
    private final List<ConsumerRecord<String, byte[]>> log = new ArrayList<>();
    private final Map<TopicPartition, Long> delivered = new java.util.HashMap<>();

    ReplayingConsumer() {
      super("earliest");
    }

    @Override
    public synchronized void addRecord(ConsumerRecord<String, byte[]> record) {
      log.add(record);
      super.addRecord(record);
    }

    @Override
    public ConsumerRecords<String, byte[]> poll(Duration timeout) {
      ConsumerRecords<String, byte[]> records = pollRecords(timeout);
      if (records.isEmpty()) {
        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      }
      return records;
    }

    private synchronized ConsumerRecords<String, byte[]> pollRecords(Duration timeout) {
      ConsumerRecords<String, byte[]> records = super.poll(timeout);
      records.forEach(r -> delivered.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::max));
      return records;
    }

    /** Records from {@code offset} up to the last one polled come again; later ones are still queued. */
    @Override
    public synchronized void seek(TopicPartition partition, long offset) {
      super.seek(partition, offset);
      long last = delivered.getOrDefault(partition, -1L);
      log.stream()
          .filter(r -> r.topic().equals(partition.topic()) && r.partition() == partition.partition())
          .filter(r -> r.offset() >= offset && r.offset() <= last)
          .toList()
          .forEach(super::addRecord);
      delivered.put(partition, offset - 1);
    }
  }

  private record Handed(String id, KafkaPosition position) {}

  /** Keeps what it is handed; answers for it as Elasticsearch would, when the test says so. */
  private final class FakeIndexer implements Indexer<KafkaPosition> {
    final List<Handed> handed = new CopyOnWriteArrayList<>();
    volatile boolean acknowledgeOnFlush;

    @Override
    public void addRow(String id, RecordDocument document, KafkaPosition context) {
      handed.add(new Handed(id, context));
    }

    @Override
    public void addReport(String id, ReportDocument document, KafkaPosition context) {
      handed.add(new Handed(id, context));
    }

    @Override
    public void addDeadLetter(DeadLetterDocument document, KafkaPosition context) {
      handed.add(new Handed(document.source(), context));
    }

    @Override
    public void flush() {
      if (acknowledgeOnFlush) {
        handed.forEach(h -> settlement.indexed(h.position()));
      }
    }

    /** Elasticsearch took the documents handed at these indexes. */
    void acknowledge(int... indexes) {
      for (int i : indexes) {
        settlement.indexed(handed.get(i).position());
      }
    }

    void fail(int index, Failure failure) {
      Handed h = handed.get(index);
      settlement.failed(h.position(), h.id(), new byte[0], failure);
    }
  }
}
