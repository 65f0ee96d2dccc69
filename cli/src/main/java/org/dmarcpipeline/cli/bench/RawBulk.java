package org.dmarcpipeline.cli.bench;

import static org.dmarcpipeline.cli.bench.Progress.expectRows;
import static org.dmarcpipeline.cli.bench.Progress.secondsSince;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dmarcpipeline.cli.bench.ElasticsearchStats.BulkCounters;
import org.dmarcpipeline.cli.bench.ElasticsearchStats.NodeWork;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import org.dmarcpipeline.processor.index.RecordIndexer;
import org.dmarcpipeline.schema.index.RecordIndex;

/**
 * The limit: Elasticsearch's own bulk rate for exactly the documents the processor writes, fed
 * from a file as fast as it takes them, with the processor's bulk settings taken from the
 * processor's code ({@link RecordIndexer#bulkSettings} at its default sizes), so that only the
 * pipeline in front of Elasticsearch differs between the limit and the end-to-end run.
 */
final class RawBulk {

  /** The processor's defaults (docs/configuration.md); the end-to-end runs give the processor the same. */
  static final int BULK_OPERATIONS = ProcessorConfig.DEFAULT_BULK_MAX_OPERATIONS;
  static final int BULK_CONCURRENCY = ProcessorConfig.DEFAULT_BULK_MAX_CONCURRENT_REQUESTS;

  static final int WARM_UP_MAX_PASSES = 8;
  static final long WARM_UP_DOCUMENTS = 500_000;

  private final ElasticsearchClient es;
  private final String elasticsearchUrl;
  private final long elasticsearchPid;
  private final Progress progress;

  RawBulk(BenchStack stack, Progress progress) {
    this.es = stack.es();
    this.elasticsearchUrl = stack.elasticsearchUrl();
    this.elasticsearchPid = stack.elasticsearchPid();
    this.progress = progress;
  }

  /**
   * Elasticsearch's bulk rate keeps rising for millions of documents after its start (its JIT
   * compiles on the CPU it is pinned to, beside its write threads; one pass of 500,000 documents
   * left the pass before the end-to-end runs a fifth slower than the one after them). Passes of
   * the first documents until one is no more than 5% faster than the best before it, so that the
   * limits and the end-to-end runs meet the same warm Elasticsearch.
   *
   * @return every pass, in order
   */
  List<Limit> warmUp(Path documents, long rows) throws Exception {
    progress.say("Warming Elasticsearch up (not timed)...");
    List<Limit> passes = new ArrayList<>();
    double best = 0;
    for (int pass = 1; pass <= WARM_UP_MAX_PASSES; pass++) {
      Limit warm = measure(documents, Math.min(rows, WARM_UP_DOCUMENTS), ", warm-up pass " + pass);
      passes.add(warm);
      boolean levelled = pass > 1 && warm.rowsPerSecond() <= best * 1.05;
      best = Math.max(best, warm.rowsPerSecond());
      if (levelled) {
        break;
      }
    }
    return passes;
  }

  /** Elasticsearch's own rate for exactly these documents with the processor's bulk settings; the indices are emptied after. */
  Limit measure(Path documents, long expectedRows, String label) throws Exception {
    progress.say("Raw Elasticsearch bulk of %,d documents%s...", expectedRows, label);
    double cpuAtStart = JvmProbe.cpuSeconds(elasticsearchPid);
    BulkCounters countersAtStart = BulkCounters.read(elasticsearchUrl);
    CpuShares cpusAtStart = CpuShares.read();
    NodeWork workAtStart = NodeWork.read(elasticsearchUrl);
    long start = System.nanoTime();
    long acknowledged = bulk(documents, expectedRows);
    double seconds = secondsSince(start);
    String work = NodeWork.read(elasticsearchUrl).since(workAtStart);
    expectRows(acknowledged, expectedRows, "raw bulk");
    Limit limit = new Limit(acknowledged / seconds, (JvmProbe.cpuSeconds(elasticsearchPid) - cpuAtStart) * 1e6 / acknowledged,
        BulkCounters.read(elasticsearchUrl).documentsPerRequestSince(countersAtStart), work);
    progress.say("  raw bulk%s: %,.0f rows/s, %.0f µs of Elasticsearch CPU per row, CPUs busy %s", label, limit.rowsPerSecond(),
        limit.cpuMicrosPerRow(), CpuShares.read().busySince(cpusAtStart));
    RecordIndices.deleteAll(es);
    return limit;
  }

  /** Indexes the first {@code rows} documents, refreshed; fails unless every one was acknowledged. */
  private long bulk(Path documents, long rows) throws Exception {
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    BulkIngester<Void> ingester = BulkIngester.of(b -> RecordIndexer.bulkSettings(b.client(es), BULK_OPERATIONS, BULK_CONCURRENCY)
        .listener(new BulkListener<Void>() {
          @Override
          public void beforeBulk(long executionId, BulkRequest request, List<Void> contexts) {}

          @Override
          public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, BulkResponse response) {
            response.items().forEach(item -> (item.error() == null ? acknowledged : failed).incrementAndGet());
          }

          @Override
          public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, Throwable failure) {
            failed.addAndGet(contexts.size());
          }
        }));
    long read = 0;
    try (BufferedReader reader = Files.newBufferedReader(documents)) {
      for (String line; read < rows && (line = reader.readLine()) != null; read++) {
        String[] parts = line.split("\t", 3);
        byte[] json = parts[2].getBytes(StandardCharsets.UTF_8);
        ingester.add(op -> op.index(i -> i.index(parts[1]).id(parts[0]).document(BinaryData.of(json, ContentType.APPLICATION_JSON))));
      }
    }
    ingester.close();
    es.indices().refresh(r -> r.index(RecordIndex.ALIAS));
    expectRows(acknowledged.get() + failed.get(), read, "raw bulk");
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " documents refused in the raw bulk pass");
    }
    return acknowledged.get();
  }
}
