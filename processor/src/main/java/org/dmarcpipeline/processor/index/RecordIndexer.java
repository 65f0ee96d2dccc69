package org.dmarcpipeline.processor.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.BackoffPolicy;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmarcpipeline.processor.failure.Failure;
import org.dmarcpipeline.schema.index.DeadLetterDocument;
import org.dmarcpipeline.schema.index.DeadLetterIndex;
import org.dmarcpipeline.schema.index.RecordDocument;
import org.dmarcpipeline.schema.index.ReportDocument;
import org.dmarcpipeline.schema.index.ReportIndex;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk-indexes row, report and dead-letter documents and reports, item by item, what became of
 * each: indexed, or not, and why not. Whether a failure is retried is not its to decide
 * ({@link org.dmarcpipeline.processor.failure.FailurePolicy}).
 *
 * @param <C> what the caller hands in with each document and is handed back with its outcome (the
 *     poll loop's Kafka position): the indexer knows nothing of where documents come from
 */
public final class RecordIndexer<C> implements Indexer<C>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RecordIndexer.class);

  /** What the indexer tells its caller about each document; called from bulk callbacks too. */
  public interface Outcome<C> {
    void indexed(C context);

    /**
     * Not indexed.
     *
     * @param id the document's id, the key of a dead letter made of it
     * @param document the document as sent, the payload of a dead letter made of it; empty for a
     *     dead letter's own document
     */
    void failed(C context, String id, byte[] document, Failure failure);
  }

  /**
   * What a bulk response needs to say per item: whether it was taken and why not. Elasticsearch
   * otherwise adds the version, sequence number and shard counts of every item, a response nearly
   * as large as the request for the processor to read.
   */
  static final String BULK_RESPONSE_FIELDS = "took,errors,items.*._index,items.*._id,items.*.status,items.*.error";

  private final BulkIngester<C> ingester;
  private final Outcome<C> outcome;
  private final IndexedPeriods periods;
  /** The last report's row index; add() is called from the consumer thread only. */
  private Instant lastBegin;
  private String lastRecordIndex;

  public RecordIndexer(ElasticsearchClient client, int maxOperations, int maxConcurrentRequests, Outcome<C> outcome) {
    this(client, maxOperations, maxConcurrentRequests, outcome, new IndexedPeriods(java.time.Clock.systemUTC()));
  }

  RecordIndexer(ElasticsearchClient client, int maxOperations, int maxConcurrentRequests, Outcome<C> outcome, IndexedPeriods periods) {
    this.outcome = outcome;
    this.periods = periods;
    this.ingester =
        BulkIngester.of(
            b ->
                bulkSettings(
                        b.client(client.withTransportOptions(o -> o.setParameter("filter_path", BULK_RESPONSE_FIELDS))),
                        maxOperations,
                        maxConcurrentRequests)
                    .listener(new Listener<>(outcome)));
  }

  /**
   * How the processor cuts documents into bulk requests and paces them. Public so that {@code
   * dmarc bench e2e} measures Elasticsearch's limit with exactly these settings, not a copy.
   *
   * @param maxOperations documents per request ({@code dmarc.processor.bulk-max-operations})
   * @param maxConcurrentRequests requests in flight ({@code dmarc.processor.bulk-max-concurrent-requests})
   */
  public static <C> BulkIngester.Builder<C> bulkSettings(BulkIngester.Builder<C> builder, int maxOperations, int maxConcurrentRequests) {
    return builder
        .maxOperations(maxOperations)
        .maxSize(5L << 20)
        .maxConcurrentRequests(maxConcurrentRequests)
        .flushInterval(200, TimeUnit.MILLISECONDS)
        // 429 items are retried by the ingester itself before they reach the listener
        .backoffPolicy(BackoffPolicy.exponentialBackoff(200L, 6));
  }

  /** Queues one report row for indexing; may block while the maximum of requests is in flight. */
  @Override
  public void addRow(String id, RecordDocument document, C context) {
    Instant begin = document.report().begin();
    byte[] json = DmarcJson.encode(document);
    if (refused(begin, id, json, context)) {
      return;
    }
    add(recordIndexFor(begin), id, json, context);
  }

  /** Whether documents of a period beginning at {@code begin} get no index; if so, the outcome says why. */
  private boolean refused(Instant begin, String id, byte[] document, C context) {
    var refusal = periods.refusal(begin);
    refusal.ifPresent(reason -> outcome.failed(context, id, document, new Failure.OutsideIndexedPeriods(reason)));
    return refusal.isPresent();
  }

  /** Rows come report by report: the index name is formatted once per report, not once per row. */
  private String recordIndexFor(Instant begin) {
    if (!begin.equals(lastBegin)) {
      lastBegin = begin;
      lastRecordIndex = RecordIndex.indexFor(begin);
    }
    return lastRecordIndex;
  }

  /** Queues one report summary for indexing. */
  @Override
  public void addReport(String id, ReportDocument document, C context) {
    Instant begin = document.begin();
    byte[] json = DmarcJson.encode(document);
    if (refused(begin, id, json, context)) {
      return;
    }
    add(ReportIndex.indexFor(begin), id, json, context);
  }

  /**
   * Queues a dead letter, read from the dead-letter topic, for the dead-letter index. Created, never
   * overwritten: a dead letter is a fact, and one already indexed (a replay, or a mail
   * dead-lettered again) keeps its document as it is; that counts as indexed.
   */
  @Override
  public void addDeadLetter(DeadLetterDocument document, C context) {
    byte[] json = DmarcJson.encode(document);
    BulkOperation operation =
        BulkOperation.of(
            op ->
                op.create(
                    c ->
                        c.index(DeadLetterIndex.INDEX)
                            .id(DeadLetterIndex.idOf(document))
                            .document(BinaryData.of(json, ContentType.APPLICATION_JSON))));
    ingester.add(operation, context);
  }

  private void add(String index, String id, byte[] document, C context) {
    BulkOperation operation =
        BulkOperation.of(
            op ->
                op.index(
                    i ->
                        i.index(index)
                            .id(id)
                            .document(BinaryData.of(document, ContentType.APPLICATION_JSON))));
    ingester.add(operation, context);
  }

  @Override
  public void flush() {
    ingester.flush();
  }

  @Override
  public void close() {
    ingester.close();
  }

  /** What Elasticsearch said of a bulk item it did not take. */
  static Failure failureOf(BulkResponseItem item) {
    return new Failure.Refused(item.status(), item.error().type(), item.error().reason());
  }

  private record Listener<C>(Outcome<C> outcome) implements BulkListener<C> {

    @Override
    public void beforeBulk(long executionId, BulkRequest request, List<C> contexts) {}

    @Override
    public void afterBulk(
        long executionId, BulkRequest request, List<C> contexts, BulkResponse response) {
      List<BulkResponseItem> items = response.items();
      for (int i = 0; i < items.size(); i++) {
        BulkResponseItem item = items.get(i);
        BulkOperation operation = request.operations().get(i);
        if (item.error() == null || isAlreadyCreated(item, operation)) {
          outcome.indexed(contexts.get(i));
        } else {
          outcome.failed(contexts.get(i), item.id(), documentOf(operation), failureOf(item));
        }
      }
      LOG.debug("bulk {}: {} items, errors={}", executionId, items.size(), response.errors());
    }

    @Override
    public void afterBulk(
        long executionId, BulkRequest request, List<C> contexts, Throwable failure) {
      LOG.warn("bulk {} of {} items failed: {}", executionId, contexts.size(), failure.toString());
      Failure failed = new Failure.BulkFailed(failure.toString());
      for (int i = 0; i < contexts.size(); i++) {
        BulkOperation operation = request.operations().get(i);
        outcome.failed(contexts.get(i), idOf(operation), documentOf(operation), failed);
      }
    }

    /** A dead letter indexed before: created once, its document stays as it was. */
    private static boolean isAlreadyCreated(BulkResponseItem item, BulkOperation operation) {
      return operation.isCreate() && item.status() == 409;
    }

    private static String idOf(BulkOperation operation) {
      return operation.isCreate() ? operation.create().id() : operation.index().id();
    }

    private static byte[] documentOf(BulkOperation operation) {
      if (operation.isIndex() && operation.index().document() instanceof BinaryData data) {
        try {
          var buffer = data.asByteBuffer();
          byte[] bytes = new byte[buffer.remaining()];
          buffer.get(bytes);
          return bytes;
        } catch (java.io.IOException e) {
          // in-memory data: cannot happen; the dead letter then carries the reason alone
          return new byte[0];
        }
      }
      return new byte[0];
    }
  }

}
