package org.dmarcpipeline.cli.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dmarcpipeline.ingest.mail.MailContents;
import org.dmarcpipeline.ingest.mail.RawMail;
import org.dmarcpipeline.ingest.mail.ReportAttachment;
import org.dmarcpipeline.ingest.mail.ReportMailParser;
import org.dmarcpipeline.processor.config.DnsSettings;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.enrich.RowEnricher;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.processor.index.IndexTemplates;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.index.RecordDocument;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecordStream;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.GeneratedZones;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.generate.ReportMails;
import org.dmarcpipeline.testing.generate.ReportPacking;
import org.dmarcpipeline.testing.services.ChildJvm;
import org.dmarcpipeline.testing.services.CpuAffinity;
import org.dmarcpipeline.testing.services.ImapClient;
import org.dmarcpipeline.testing.services.LocalDovecot;
import org.dmarcpipeline.testing.services.LocalElasticsearch;
import org.dmarcpipeline.testing.services.LocalKafka;
import org.dmarcpipeline.testing.services.LocalNsd;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TestCertificateAuthority;

/**
 * {@code dmarc bench e2e}: a backlog of report mails in a real IMAPS mailbox (Dovecot) drained by
 * ingest and processor, each in its own JVM with its production heap limit, into Elasticsearch;
 * measured against Elasticsearch's own bulk rate for exactly the same documents in the same run,
 * with each stage alone beside it so the bottleneck shows. Ingest and processor first drain other
 * mails, so that they are measured warm, like Elasticsearch. With {@code --dns} a second limit is
 * measured on the documents the processor writes with its DNS findings: they cost Elasticsearch
 * more to index, and that limit tells that cost apart from the pipeline's own.
 */
public final class EndToEndBenchmark {

  /** What the run is asked to do. */
  public record Workload(int mails, int maxRows, int bigRows, long seed, boolean dns, boolean pin, Path writeDoc, String command) {}

  private static final String USER = "dmarc-bench@example.com";
  /** The processor's defaults (docs/configuration.md): the raw bulk pass uses the same. */
  private static final int BULK_OPERATIONS = 1000;
  private static final int BULK_CONCURRENCY = 2;
  /** DNS questions per second allowed to the processor: the local NSD, not a shared resolver. */
  private static final int DNS_RATE_PER_SECOND = 100_000;
  /**
   * Mails drained by ingest and processor just after they start, before the measured run: as many
   * rows as Elasticsearch's warm-up, so that the pipeline is compared warm with a warm Elasticsearch.
   */
  private static final int WARM_UP_MAILS = 2_000;
  /** The measured mails wait here and are moved into INBOX at once when the clock starts. */
  private static final String BACKLOG = "Backlog";
  private static final String PROCESSED = "DMARC-Processed";

  private final PrintWriter out;
  private final List<String[]> figures = new ArrayList<>();
  /** Where the node stats are read. */
  private String elasticsearchUrl;
  /** Figures of the end-to-end runs, listed after the headline ones. */
  private final List<String[]> runFigures = new ArrayList<>();
  private final List<String> heapLines = new ArrayList<>();
  private String[] warmUpFigure;

  public EndToEndBenchmark(PrintWriter out) {
    this.out = out;
  }

  public void run(Workload workload) throws Exception {
    say("Starting Kafka, Elasticsearch and Dovecot...");
    LocalKafka kafka = LocalStack.kafka();
    LocalElasticsearch elasticsearch = LocalStack.elasticsearch();
    elasticsearchUrl = elasticsearch.url();
    TestCertificateAuthority ca = LocalStack.ca();
    String layout = "every service shares every CPU";
    if (workload.pin()) {
      layout = pin(elasticsearch);
    }
    String password = UUID.randomUUID().toString();
    Path work = Files.createTempDirectory("dmarc-bench-");
    try (LocalDovecot dovecot = LocalDovecot.start(ca);
        LocalNsd nsd = workload.dns() ? LocalNsd.start(GeneratedZones.zones()) : null;
        ElasticsearchClient es = ElasticsearchClients.create(ElasticsearchConnection.local(elasticsearch.url()))) {
      dovecot.addUser(USER, password);
      IndexTemplates.install(es);

      say("Generating %,d report mails of 1 to %d rows%s (seed %d)...", workload.mails(), workload.maxRows(),
          workload.bigRows() > 0 ? " and one of %,d rows".formatted(workload.bigRows()) : "", workload.seed());
      List<byte[]> mails = new ArrayList<>();
      long rows = generate(workload, mails);
      long mailBytes = mails.stream().mapToLong(m -> m.length).sum();
      say("Workload: %,d mails, %,d rows, %,d MB of mail", mails.size(), rows, mailBytes >> 20);
      // other reports than the measured ones (another seed): they warm the JVMs, not the caches for those
      List<byte[]> warmUpMails = new ArrayList<>();
      long warmUpRows = generate(workload.seed() + 1, Math.min(workload.mails(), WARM_UP_MAILS), workload.maxRows(), 0, warmUpMails);
      WarmUp warmUp = new WarmUp(warmUpMails, warmUpRows);

      Path documents = work.resolve("documents.tsv");
      Path enrichedDocuments = work.resolve("documents-with-dns.tsv");
      double parseRate = parseStage(mails, documents, rows);
      say("  parse: %,.0f rows/s", parseRate);
      if (nsd != null) {
        enrichedDocuments(mails, nsd, enrichedDocuments);
      }
      long elasticsearchPid = elasticsearch.pid().orElse(-1L);
      warmUp(es, elasticsearchPid, documents, rows);
      Limit plainBefore = rawBulk(es, elasticsearchPid, documents, rows, "");
      Limit enrichedBefore = nsd == null ? null : rawBulk(es, elasticsearchPid, enrichedDocuments, rows, ", documents with DNS findings");
      double kafkaRate = kafkaStage(kafka.bootstrapServers(), mails, rows);
      say("  Kafka publish: %,.0f rows/s", kafkaRate);

      long appendStart = System.nanoTime();
      try (ImapClient imap = new ImapClient(dovecot.host(), dovecot.port(), dovecot.trustStore(), USER, password)) {
        for (byte[] mail : mails) {
          imap.append(BACKLOG, mail);
        }
      }
      double appendSeconds = seconds(appendStart);
      double fetchRate = fetchStage(dovecot, password, mails.size());
      say("  IMAP fetch: %,.0f mails/s", fetchRate);

      EndToEnd plain = endToEnd(work, kafka, elasticsearch, dovecot, password, null, warmUp, mails.size(), rows, es, "without DNS");
      EndToEnd withDns = null;
      if (nsd != null) {
        deleteRecordIndices(es);
        resetMailbox(dovecot, password);
        withDns = endToEnd(work, kafka, elasticsearch, dovecot, password, nsd, warmUp, mails.size(), rows, es, "with DNS");
      }
      deleteRecordIndices(es);
      // Elasticsearch keeps getting faster for millions of documents (its JIT): the limit is the
      // better of a pass before the end-to-end runs and one after them
      Limit plainAfter = rawBulk(es, elasticsearchPid, documents, rows, " again");
      Limit limit = Limit.better(plainBefore, plainAfter);
      double bulkRate = limit.rowsPerSecond();
      figures.add(new String[] {"Elasticsearch bulk of the same documents, same bulk settings (the limit: the better of a pass before the end-to-end runs and one after)",
          rate(bulkRate, "rows/s") + " (%,.0f before, %,.0f after)".formatted(plainBefore.rowsPerSecond(), plainAfter.rowsPerSecond()), "1.00"});
      figures.add(new String[] {"end to end: mailbox full -> all rows searchable, DNS cross-check off",
          rate(plain.rowsPerSecond(), "rows/s") + ", " + rate(plain.mailsPerSecond(), "mails/s"),
          "%.2f".formatted(plain.rowsPerSecond() / bulkRate)});
      Limit enrichedLimit = null;
      double enrichedBulkRate = 0;
      if (withDns != null) {
        Limit enrichedAfter = rawBulk(es, elasticsearchPid, enrichedDocuments, rows, " again, documents with DNS findings");
        enrichedLimit = Limit.better(enrichedBefore, enrichedAfter);
        enrichedBulkRate = enrichedLimit.rowsPerSecond();
        figures.add(new String[] {"Elasticsearch bulk of the documents with DNS findings, same bulk settings (the limit with DNS, chosen alike)",
            rate(enrichedBulkRate, "rows/s") + " (%,.0f before, %,.0f after)".formatted(enrichedBefore.rowsPerSecond(), enrichedAfter.rowsPerSecond()),
            "%.2f".formatted(enrichedBulkRate / bulkRate)});
        figures.add(new String[] {"end to end, DNS cross-check on (local NSD, processor's cache)",
            rate(withDns.rowsPerSecond(), "rows/s"), "%.2f (%.2f of the limit with DNS)".formatted(
                withDns.rowsPerSecond() / bulkRate, withDns.rowsPerSecond() / enrichedBulkRate)});
      }
      figures.add(new String[] {"IMAP append (filling the mailbox, not part of the pipeline)",
          rate(mails.size() / appendSeconds, "mails/s"), ""});
      figures.addAll(runFigures);
      figures.add(warmUpFigure);
      figures.add(limitFigure("CPU per row, Elasticsearch in the raw bulk (the better pass)", limit, enrichedLimit,
          "%.0f", Limit::cpuMicrosPerRow, " µs"));
      figures.add(new String[] {"CPU per row, Elasticsearch in the raw bulk of the same documents before / after the end-to-end runs",
          "%.0f / %.0f µs".formatted(plainBefore.cpuMicrosPerRow(), plainAfter.cpuMicrosPerRow()), ""});
      figures.add(limitFigure("documents per bulk request to a shard, raw bulk (the better pass)", limit, enrichedLimit,
          "%,.0f", Limit::documentsPerRequest, ""));
      figures.add(new String[] {"Elasticsearch's write tasks / refreshes (time) / searches, raw bulk (the better pass)",
          limit.elasticsearchWork(), ""});
      figures.add(new String[] {"parse: MIME, unpack, check + fingerprint, parse + normalize (one thread)", rate(parseRate, "rows/s"),
          "%.2f".formatted(parseRate / bulkRate)});
      figures.add(new String[] {"Kafka publish: idempotent, acks=all, record JSON", rate(kafkaRate, "rows/s"),
          "%.2f".formatted(kafkaRate / bulkRate)});
      figures.add(new String[] {"IMAP fetch of every mail (Jakarta Mail, IMAPS)", rate(fetchRate, "mails/s"), ""});
      if (withDns != null) {
        figures.add(new String[] {"DNS findings' cost to Elasticsearch alone: bulk time of the documents with findings / without",
            "%.2f".formatted(bulkRate / enrichedBulkRate), ""});
        figures.add(new String[] {"DNS cross-check cost to the pipeline itself: its share of the limit without DNS / with DNS",
            "%.2f".formatted((plain.rowsPerSecond() / bulkRate) / (withDns.rowsPerSecond() / enrichedBulkRate)), ""});
        figures.add(new String[] {"DNS cross-check cost: end-to-end time with DNS / without, whole measured run (the cache holds only what the warm-up mails asked)",
            "%.2f".formatted(withDns.seconds() / plain.seconds()), ""});
        figures.add(new String[] {"DNS cross-check cost, warm cache: time for the last four fifths of the rows, with DNS / without",
            "%.2f".formatted(withDns.warmSeconds() / plain.warmSeconds()), ""});
      }
      report(workload, rows, mails.size(), mailBytes, layout);
    } finally {
      deleteQuietly(work);
    }
  }

  /** Read before any pinning narrows what this JVM sees. */
  private static final int MACHINE_CPUS = Runtime.getRuntime().availableProcessors();

  /**
   * Gives Elasticsearch a CPU of its own, the last one, and everything else (Kafka and this
   * JVM, Dovecot, ingest, processor, all started from here later) the others, in both the raw bulk
   * pass and the end-to-end runs: the limit is then Elasticsearch's rate with the resources it
   * has during the pipeline's run, as when it runs on its own machine, and the ratio shows whether
   * the pipeline keeps it busy rather than how much CPU the two take from each other.
   */
  private String pin(LocalElasticsearch elasticsearch) throws IOException {
    if (MACHINE_CPUS < 2) {
      throw new IllegalStateException("--pin needs at least 2 CPUs");
    }
    int last = MACHINE_CPUS - 1;
    String others = last == 1 ? "0" : "0-" + (last - 1);
    CpuAffinity.pin(elasticsearch.pid().orElseThrow(() -> new IllegalStateException("Elasticsearch has no pid")), Integer.toString(last));
    CpuAffinity.pin(ProcessHandle.current().pid(), others);
    say("Pinned: Elasticsearch to CPU %d, everything else to CPU %s", last, others);
    return "Elasticsearch pinned to CPU %d and everything else to CPU %s (`--pin`), in every measurement".formatted(last, others);
  }

  private long generate(Workload workload, List<byte[]> mails) throws IOException {
    return generate(workload.seed(), workload.mails(), workload.maxRows(), workload.bigRows(), mails);
  }

  private long generate(long seed, int count, int maxRows, int bigRows, List<byte[]> mails) throws IOException {
    ReportGenerator generator = new ReportGenerator(seed);
    ReportPacking[] packings = {ReportPacking.ZIP, ReportPacking.GZIP};
    long rows = 0;
    for (int i = 0; i < count; i++) {
      GeneratedReport report = generator.next(maxRows);
      mails.add(ReportMails.mail(report, packings[i % packings.length], USER));
      rows += report.rows();
    }
    if (bigRows > 0) {
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (var writer = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(gz), StandardCharsets.UTF_8))) {
        generator.write(writer, bigRows, count);
      }
      mails.add(ReportMails.mail("Report domain: big Submitter: google.com", USER, "google.com!big.xml.gz",
          "application/gzip", gz.toByteArray()));
      rows += bigRows;
    }
    return rows;
  }

  /**
   * Every mail through what ingest does to it, streamed record by record; the documents the
   * processor would index are written to {@code documents} for the raw bulk pass (not timed).
   */
  private double parseStage(List<byte[]> mails, Path documents, long expectedRows) throws Exception {
    ReportMailParser mailParser = new ReportMailParser(new ReportParser());
    ReportParser parser = new ReportParser();
    AtomicLong seen = new AtomicLong();
    long start = System.nanoTime();
    for (byte[] mail : mails) {
      MailContents contents = mailParser.attachments(new RawMail("bench", mail));
      for (ReportAttachment attachment : contents.attachments()) {
        parser.parse(attachment.content(), new AggregateRecordStream(record -> seen.incrementAndGet()));
      }
    }
    double rate = seen.get() / seconds(start);
    check(seen.get(), expectedRows, "parse");
    writeDocuments(mails, documents, RecordDocument::of);
    return rate;
  }

  /** One line per row: document id, index, document JSON. */
  private static void writeDocuments(List<byte[]> mails, Path documents, Function<AggregateRecord, RecordDocument> document)
      throws Exception {
    ReportMailParser mailParser = new ReportMailParser(new ReportParser());
    ReportParser parser = new ReportParser();
    try (BufferedWriter writer = Files.newBufferedWriter(documents)) {
      for (byte[] mail : mails) {
        for (ReportAttachment attachment : mailParser.attachments(new RawMail("bench", mail)).attachments()) {
          parser.parse(attachment.content(), new AggregateRecordStream(record -> {
            try {
              writer.write(record.id());
              writer.write('\t');
              writer.write(RecordIndex.indexFor(record.reportMetadata().dateRange().begin()));
              writer.write('\t');
              writer.write(new String(DmarcJson.encode(document.apply(record)), StandardCharsets.UTF_8));
              writer.write('\n');
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }));
        }
      }
    }
  }

  /**
   * The documents the processor indexes with the DNS cross-check on, each row enriched as the
   * processor does it (its resolver cache, its default per-report lookup budgets) against the same
   * NSD, written to {@code documents} for the raw bulk passes of the limit with DNS (not timed).
   */
  private void enrichedDocuments(List<byte[]> mails, LocalNsd nsd, Path documents) throws Exception {
    say("Cross-checking every row against DNS for the documents with findings (not timed)...");
    DnsSettings defaults = DnsSettings.of(List.of(nsd.address()));
    // at the rate the end-to-end run gives the processor (dmarc.dns.rate-per-second)
    RowEnricher enricher = RowEnricher.of(
        new DnsSettings(defaults.servers(), defaults.timeout(), defaults.retries(), DNS_RATE_PER_SECOND, defaults.budget()));
    writeDocuments(mails, documents, record -> RecordDocument.of(record, enricher.enrich(record)));
  }

  /**
   * Elasticsearch's bulk rate keeps rising for millions of documents after its start (its JIT
   * compiles on the CPU it is pinned to, beside its write threads; one pass of 500,000 documents
   * left the pass before the end-to-end runs a fifth slower than the one after them). Passes of
   * the first documents until one is no more than 5% faster than the best before it, so that the
   * limits and the end-to-end runs meet the same warm Elasticsearch.
   */
  private void warmUp(ElasticsearchClient es, long elasticsearchPid, Path documents, long rows) throws Exception {
    say("Warming Elasticsearch up (not timed)...");
    List<String> passes = new ArrayList<>();
    double best = 0;
    for (int pass = 1; pass <= WARM_UP_MAX_PASSES; pass++) {
      Limit warm = rawBulk(es, elasticsearchPid, documents, Math.min(rows, WARM_UP_DOCUMENTS), ", warm-up pass " + pass);
      passes.add("%,.0f (%.0f µs)".formatted(warm.rowsPerSecond(), warm.cpuMicrosPerRow()));
      boolean levelled = pass > 1 && warm.rowsPerSecond() <= best * 1.05;
      best = Math.max(best, warm.rowsPerSecond());
      if (levelled) {
        break;
      }
    }
    warmUpFigure = new String[] {"Elasticsearch warm-up before any measurement: passes of the first %,d documents until one is at most 5%% faster than the best before it, rows/s (CPU per row)"
        .formatted(WARM_UP_DOCUMENTS), String.join(", ", passes), ""};
  }

  private static final int WARM_UP_MAX_PASSES = 8;

  private static final long WARM_UP_DOCUMENTS = 500_000;

  /** Elasticsearch's own rate for exactly these documents with the processor's bulk settings. */
  private Limit rawBulk(ElasticsearchClient es, long elasticsearchPid, Path documents, long expectedRows, String label) throws Exception {
    say("Raw Elasticsearch bulk of %,d documents%s...", expectedRows, label);
    double cpuAtStart = JvmProbe.cpuSeconds(elasticsearchPid);
    BulkCounters countersAtStart = BulkCounters.read(elasticsearchUrl);
    CpuShares cpusAtStart = CpuShares.read();
    NodeWork workAtStart = NodeWork.read(elasticsearchUrl);
    long start = System.nanoTime();
    long acknowledged = bulk(es, documents, expectedRows);
    double seconds = seconds(start);
    String work = NodeWork.read(elasticsearchUrl).since(workAtStart);
    check(acknowledged, expectedRows, "raw bulk");
    Limit limit = new Limit(acknowledged / seconds, (JvmProbe.cpuSeconds(elasticsearchPid) - cpuAtStart) * 1e6 / acknowledged,
        BulkCounters.read(elasticsearchUrl).documentsPerRequestSince(countersAtStart), work);
    say("  raw bulk%s: %,.0f rows/s, %.0f µs of Elasticsearch CPU per row, CPUs busy %s", label, limit.rowsPerSecond(),
        limit.cpuMicrosPerRow(), CpuShares.read().busySince(cpusAtStart));
    deleteRecordIndices(es);
    return limit;
  }

  /**
   * Elasticsearch's count of the row documents it indexed and of the bulk requests the row
   * indices' shards took, from their index stats: their ratio says how full the bulk requests
   * were. Only the row indices: report summaries and report-id claims are small requests of their
   * own and would blur it.
   */
  private record BulkCounters(long documents, long shardRequests) {
    static BulkCounters read(String url) throws IOException, InterruptedException {
      JsonNode primaries = stats(url, "/" + RecordIndex.ALIAS + "-*/_stats/indexing,bulk").path("_all").path("primaries");
      return new BulkCounters(primaries.path("indexing").path("index_total").asLong(), primaries.path("bulk").path("total_operations").asLong());
    }

    double documentsPerRequestSince(BulkCounters start) {
      long requests = shardRequests - start.shardRequests;
      return requests == 0 ? 0 : (documents - start.documents) / (double) requests;
    }
  }

  /**
   * What Elasticsearch did besides indexing documents, from its node stats: bulk requests split
   * into shard writes, refreshes and searches. Requests of a few documents each cost it nearly as
   * much as full ones (this found the processor's one request per report claim).
   */
  private record NodeWork(long writeTasks, long refreshes, long refreshMillis, long searches) {
    static NodeWork read(String url) throws IOException, InterruptedException {
      JsonNode node = stats(url, "/_nodes/_local/stats/indices,thread_pool").path("nodes").elements().next();
      return new NodeWork(node.at("/thread_pool/write/completed").asLong(), node.at("/indices/refresh/total").asLong(),
          node.at("/indices/refresh/total_time_in_millis").asLong(), node.at("/indices/search/query_total").asLong());
    }

    String since(NodeWork start) {
      return "%,d / %,d (%,.1f s) / %,d".formatted(writeTasks - start.writeTasks, refreshes - start.refreshes,
          (refreshMillis - start.refreshMillis) / 1000.0, searches - start.searches);
    }
  }

  /** One of Elasticsearch's stats APIs, read over plain HTTP as a tree. */
  private static JsonNode stats(String url, String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    return DmarcJson.mapper().readTree(response.body());
  }

  /** A figure of the limit, and of the limit with DNS beside it when there is one. */
  private static String[] limitFigure(String name, Limit plain, Limit enriched, String format, ToDoubleFunction<Limit> figure, String unit) {
    if (enriched == null) {
      return new String[] {name, format.formatted(figure.applyAsDouble(plain)) + unit, ""};
    }
    return new String[] {name + ": documents without / with DNS findings",
        format.formatted(figure.applyAsDouble(plain)) + " / " + format.formatted(figure.applyAsDouble(enriched)) + unit, ""};
  }

  /** Elasticsearch's bulk rate, the CPU it spent per document, the documents per shard request and its other work. */
  private record Limit(double rowsPerSecond, double cpuMicrosPerRow, double documentsPerRequest, String elasticsearchWork) {
    static Limit better(Limit a, Limit b) {
      return a.rowsPerSecond() >= b.rowsPerSecond() ? a : b;
    }
  }

  /** Indexes the first {@code rows} documents, refreshed; fails unless every one was acknowledged. */
  private static long bulk(ElasticsearchClient es, Path documents, long rows) throws Exception {
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    BulkIngester<Void> ingester = BulkIngester.of(b -> b.client(es).maxOperations(BULK_OPERATIONS)
        .maxConcurrentRequests(BULK_CONCURRENCY).maxSize(16L << 20).flushInterval(1, TimeUnit.SECONDS)
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
    check(acknowledged.get() + failed.get(), read, "raw bulk");
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " documents refused in the raw bulk pass");
    }
    return acknowledged.get();
  }

  private double kafkaStage(String bootstrap, List<byte[]> mails, long expectedRows) throws Exception {
    say("Kafka publish of every record...");
    String topic = "bench.publish-" + UUID.randomUUID().toString().substring(0, 8);
    ReportMailParser mailParser = new ReportMailParser(new ReportParser());
    ReportParser parser = new ReportParser();
    long[] sentAndNanos = new long[2];
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer())) {
      // the topic is created by the first metadata request, before any send: requests sent while a
      // new partition is being opened can be refused and then never fit the broker's sequence
      // again (KAFKA-15591), which cost one run of this stage two minutes of retries
      producer.partitionsFor(topic);
      Callback counted = (metadata, exception) -> (exception == null ? acknowledged : failed).incrementAndGet();
      // records are prepared in batches outside the clock; only sending and acknowledgement is timed
      List<AggregateRecord> batch = new ArrayList<>();
      AggregateRecordStream.Sink batching = record -> {
        batch.add(record);
        if (batch.size() >= 50_000) {
          sentAndNanos[1] += publish(producer, topic, batch, counted);
          sentAndNanos[0] += batch.size();
          batch.clear();
        }
      };
      for (byte[] mail : mails) {
        for (ReportAttachment attachment : mailParser.attachments(new RawMail("bench", mail)).attachments()) {
          parser.parse(attachment.content(), new AggregateRecordStream(batching));
        }
      }
      sentAndNanos[1] += publish(producer, topic, batch, counted);
      sentAndNanos[0] += batch.size();
    }
    long sent = sentAndNanos[0];
    long nanos = sentAndNanos[1];
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " records not acknowledged in the Kafka publish stage");
    }
    check(acknowledged.get(), expectedRows, "Kafka publish, acknowledged");
    return sent / (nanos / 1e9);
  }

  private static long publish(KafkaProducer<String, byte[]> producer, String topic, List<AggregateRecord> batch, Callback counted) {
    List<byte[]> encoded = batch.stream().map(DmarcJson::encode).toList();
    long start = System.nanoTime();
    for (int i = 0; i < batch.size(); i++) {
      producer.send(new ProducerRecord<>(topic, batch.get(i).id(), encoded.get(i)), counted);
    }
    producer.flush();
    return System.nanoTime() - start;
  }

  private double fetchStage(LocalDovecot dovecot, String password, int expected) throws Exception {
    say("IMAP fetch of every mail...");
    long start = System.nanoTime();
    long count;
    try (ImapClient imap = new ImapClient(dovecot.host(), dovecot.port(), dovecot.trustStore(), USER, password)) {
      count = imap.fetchAll(BACKLOG);
    }
    check(count, expected, "IMAP fetch");
    return count / seconds(start);
  }

  /**
   * @param warmSeconds time for the rows after the first fifth: by then the processor's DNS cache
   *     holds what the workload asks (its names and addresses repeat), so this is the run with a
   *     warm cache
   */
  private record EndToEnd(double seconds, double rowsPerSecond, double mailsPerSecond, double warmSeconds) {}

  /** The mails that ingest and processor drain first, not measured but for the cold rate. */
  private record WarmUp(List<byte[]> mails, long rows) {}

  /**
   * Ingest and processor as separate JVMs at their production heap limits: they drain the warm-up
   * mails first, then the measured backlog, moved into INBOX at once, until every row is searchable.
   */
  private EndToEnd endToEnd(Path work, LocalKafka kafka, LocalElasticsearch elasticsearch, LocalDovecot dovecot, String password,
      LocalNsd nsd, WarmUp warmUp, int mails, long rows, ElasticsearchClient es, String label) throws Exception {
    String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    Properties common = new Properties();
    common.setProperty("dmarc.kafka.bootstrap-servers", kafka.bootstrapServers());
    common.setProperty("dmarc.kafka.security-protocol", "PLAINTEXT");
    for (String topic : List.of("records", "reports", "raw-reports", "dead-letter", "alerts")) {
      common.setProperty("dmarc.kafka.topic." + topic, "bench." + topic + suffix);
    }
    Properties ingest = new Properties();
    ingest.putAll(common);
    ingest.setProperty("dmarc.mailboxes", "bench");
    ingest.setProperty("dmarc.mailbox.bench.host", dovecot.host());
    ingest.setProperty("dmarc.mailbox.bench.port", Integer.toString(dovecot.port()));
    ingest.setProperty("dmarc.mailbox.bench.user", USER);
    ingest.setProperty("dmarc.mailbox.bench.password.env", "BENCH_IMAP_PASSWORD");
    ingest.setProperty("dmarc.mailbox.bench.truststore", dovecot.trustStore().toString());
    ingest.setProperty("dmarc.mailbox.bench.truststore-password.env", "BENCH_TRUSTSTORE_PASSWORD");
    ingest.setProperty("dmarc.mailbox.bench.poll-delay", "PT1S");
    ingest.setProperty("dmarc.mailbox.bench.max-messages-per-poll", "100");
    Properties processor = new Properties();
    processor.putAll(common);
    processor.setProperty("dmarc.elasticsearch.url", elasticsearch.url());
    processor.setProperty("dmarc.processor.group-id", "bench" + suffix);
    processor.setProperty("dmarc.processor.bulk-max-operations", Integer.toString(BULK_OPERATIONS));
    processor.setProperty("dmarc.processor.bulk-max-concurrent-requests", Integer.toString(BULK_CONCURRENCY));
    processor.setProperty("dmarc.alerts.interval", "PT0S");
    if (nsd != null) {
      processor.setProperty("dmarc.dns.servers", "127.0.0.1:" + nsd.address().getPort());
      processor.setProperty("dmarc.dns.rate-per-second", Integer.toString(DNS_RATE_PER_SECOND));
    }
    Path ingestConfig = write(work.resolve("ingest" + suffix + ".properties"), ingest);
    Path processorConfig = write(work.resolve("processor" + suffix + ".properties"), processor);

    Path processorGc = work.resolve("processor" + suffix + "-gc.log");
    Path ingestGc = work.resolve("ingest" + suffix + "-gc.log");
    long benchPid = ProcessHandle.current().pid();
    long elasticsearchPid = elasticsearch.pid().orElse(-1L);
    try (ImapClient imap = new ImapClient(dovecot.host(), dovecot.port(), dovecot.trustStore(), USER, password)) {
      for (byte[] mail : warmUp.mails()) {
        imap.append("INBOX", mail);
      }
    }
    say("End to end (%s): warming up on %,d other mails...", label, warmUp.mails().size());
    long coldStart = System.nanoTime();
    Process processorJvm = child("-Xmx512m", processorGc, "process", processorConfig, work.resolve("processor" + suffix + ".log"), password);
    Process ingestJvm = child("-Xmx256m", ingestGc, "ingest", ingestConfig, work.resolve("ingest" + suffix + ".log"), password);
    JvmProbe ingestProbe = new JvmProbe(ingestJvm.pid(), ingestGc);
    JvmProbe processorProbe = new JvmProbe(processorJvm.pid(), processorGc);
    boolean probes = ingestProbe.available();
    double elapsed;
    double warmSeconds;
    try (ImapClient imap = new ImapClient(dovecot.host(), dovecot.port(), dovecot.trustStore(), USER, password)) {
      awaitDrained(es, imap, warmUp.mails().size(), warmUp.rows(), new Stall(ingestJvm, processorJvm, work));
      double coldSeconds = seconds(coldStart);
      runFigures.add(new String[] {"end to end, " + label + ", cold: the %,d warm-up mails just after ingest and processor started (not measured)"
          .formatted(warmUp.mails().size()), rate(warmUp.rows() / coldSeconds, "rows/s"), ""});
      imap.deleteAll(PROCESSED);
      deleteRecordIndices(es);

      say("End to end (%s): draining %,d mails...", label, mails);
      double ingestCpuAtStart = ingestProbe.cpuSeconds();
      double processorCpuAtStart = processorProbe.cpuSeconds();
      double benchCpuAtStart = JvmProbe.cpuSeconds(benchPid);
      double elasticsearchCpuAtStart = JvmProbe.cpuSeconds(elasticsearchPid);
      double dovecotCpuAtStart = JvmProbe.treeCpuSeconds(dovecot.process());
      CpuShares cpusAtStart = CpuShares.read();
      BulkCounters countersAtStart = BulkCounters.read(elasticsearchUrl);
      NodeWork workAtStart = NodeWork.read(elasticsearchUrl);
      long start = System.nanoTime();
      imap.moveAll(BACKLOG, "INBOX");
      say("  backlog moved into INBOX in %.1f s", seconds(start));
      long nextHeapMark = 1000;
      Stall stall = new Stall(ingestJvm, processorJvm, work);
      long warmFrom = rows / 5;
      long warmStart = 0;
      long warmStartRows = 0;
      while (true) {
        long indexed = count(es);
        int processed = imap.messageCount(PROCESSED);
        if (probes) {
          while (processed >= nextHeapMark) {
            heapLines.add("%s | %,d | %,d | %,d".formatted(label, nextHeapMark, ingestProbe.liveHeapKb() >> 10, processorProbe.liveHeapKb() >> 10));
            nextHeapMark += 1000;
          }
        }
        if (warmStart == 0 && indexed >= warmFrom) {
          warmStart = System.nanoTime();
          warmStartRows = indexed;
        }
        if (indexed >= rows) {
          elapsed = seconds(start);
          // scaled to the rows after the first fifth exactly, since the count is read every 500 ms
          warmSeconds = warmStartRows < rows
              ? seconds(warmStart) * (rows - warmFrom) / (double) (rows - warmStartRows)
              : elapsed * (rows - warmFrom) / rows; // a run too short to see: pro rata
          break;
        }
        stall.check(indexed, rows);
        Thread.sleep(500);
      }
      double perRow = 1e6 / rows;
      runFigures.add(new String[] {"Elasticsearch's write tasks / refreshes (time) / searches, " + label,
          NodeWork.read(elasticsearchUrl).since(workAtStart), ""});
      BulkCounters countersAtEnd = BulkCounters.read(elasticsearchUrl);
      runFigures.add(new String[] {"documents per bulk request to a shard / documents indexed per row (above 1.00: rows indexed again), " + label,
          "%,.0f / %.3f".formatted(countersAtEnd.documentsPerRequestSince(countersAtStart),
              (countersAtEnd.documents() - countersAtStart.documents()) / (double) rows), ""});
      runFigures.add(new String[] {"CPU per row, " + label + ": ingest / processor / Kafka broker / Dovecot / Elasticsearch",
          "%.0f / %.0f / %.0f / %.0f / %.0f µs".formatted((ingestProbe.cpuSeconds() - ingestCpuAtStart) * perRow,
              (processorProbe.cpuSeconds() - processorCpuAtStart) * perRow,
              (JvmProbe.cpuSeconds(benchPid) - benchCpuAtStart) * perRow,
              (JvmProbe.treeCpuSeconds(dovecot.process()) - dovecotCpuAtStart) * perRow,
              (JvmProbe.cpuSeconds(elasticsearchPid) - elasticsearchCpuAtStart) * perRow), ""});
      runFigures.add(new String[] {"busy share of each CPU during the run, " + label + " (CPU 0 / CPU 1 ...)",
          CpuShares.read().busySince(cpusAtStart), ""});
      if (probes) {
        heapLines.add("%s | end (%,d mails) | %,d | %,d".formatted(label, imap.messageCount(PROCESSED), ingestProbe.liveHeapKb() >> 10,
            processorProbe.liveHeapKb() >> 10));
        runFigures.add(new String[] {"ingest JVM (-Xmx256m), " + label + ": peak heap in use / peak RSS",
            "%,d MB / %,d MB".formatted(ingestProbe.peakHeapUsedKb() >> 10, ingestProbe.peakRssKb() >> 10), ""});
        runFigures.add(new String[] {"processor JVM (-Xmx512m), " + label + ": peak heap in use / peak RSS",
            "%,d MB / %,d MB".formatted(processorProbe.peakHeapUsedKb() >> 10, processorProbe.peakRssKb() >> 10), ""});
      }
    } finally {
      ingestJvm.destroy();
      processorJvm.destroy();
      ingestJvm.waitFor(30, TimeUnit.SECONDS);
      processorJvm.waitFor(30, TimeUnit.SECONDS);
    }
    say("  %,d rows in %.1f s", rows, elapsed);
    return new EndToEnd(elapsed, rows / elapsed, mails / elapsed, warmSeconds);
  }

  /** Waits until every row of the mails is searchable and every mail is in the processed folder. */
  private static void awaitDrained(ElasticsearchClient es, ImapClient imap, int mails, long rows, Stall stall) throws Exception {
    while (true) {
      long indexed = count(es);
      if (indexed >= rows && imap.messageCount(PROCESSED) >= mails) {
        return;
      }
      stall.check(indexed, rows);
      Thread.sleep(500);
    }
  }

  /** Stops a run whose JVMs died or whose count of searchable rows stood still for five minutes. */
  private static final class Stall {
    private final Process ingest;
    private final Process processor;
    private final Path work;
    private long lastCount = -1;
    private long lastProgress = System.nanoTime();

    Stall(Process ingest, Process processor, Path work) {
      this.ingest = ingest;
      this.processor = processor;
      this.work = work;
    }

    void check(long indexed, long rows) {
      if (!ingest.isAlive() || !processor.isAlive()) {
        throw new IllegalStateException("a pipeline JVM exited; logs in " + work);
      }
      if (indexed != lastCount) {
        lastCount = indexed;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > Duration.ofMinutes(5).toNanos()) {
        throw new IllegalStateException("no progress for 5 minutes at " + indexed + " of " + rows + " rows; logs in " + work);
      }
    }
  }

  private static Process child(String heap, Path gcLog, String command, Path config, Path log, String imapPassword) throws IOException {
    List<String> flags = new ArrayList<>(List.of(heap, JvmProbe.gcLogFlag(gcLog)));
    // for profiling a run, e.g. -XX:StartFlightRecording=filename=/tmp/%p.jfr (%p: the child's pid)
    String extra = System.getenv("DMARC_BENCH_JVM_FLAGS");
    if (extra != null && !extra.isBlank()) {
      flags.addAll(List.of(extra.strip().split("\\s+")));
    }
    ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(flags,
        "org.dmarcpipeline.cli.DmarcCli", command, "--config", config.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("BENCH_IMAP_PASSWORD", imapPassword);
    builder.environment().put("BENCH_TRUSTSTORE_PASSWORD", TestCertificateAuthority.STORE_PASSWORD);
    return builder.start();
  }

  /** Moves the measured mails back from the processed folder to the backlog for a second end-to-end run. */
  private void resetMailbox(LocalDovecot dovecot, String password) throws Exception {
    try (ImapClient imap = new ImapClient(dovecot.host(), dovecot.port(), dovecot.trustStore(), USER, password)) {
      imap.moveAll(PROCESSED, BACKLOG);
    }
  }

  private void report(Workload workload, long rows, int mails, long mailBytes, String layout) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append("Command:\n\n```bash\n").append(workload.command()).append("\n```\n\n");
    text.append("Workload: %,d report mails (%,d MB), %,d rows%s; generator seed %d. ".formatted(mails, mailBytes >> 20, rows,
        workload.bigRows() > 0 ? ", one of them a single report of %,d rows".formatted(workload.bigRows()) : "", workload.seed()));
    text.append("Machine: %d cores, %,d GB, %s %s; %s. Every service on this machine: Kafka in the benchmark's JVM, "
        .formatted(MACHINE_CPUS, physicalMemoryGb(), System.getProperty("java.vm.vendor"),
            System.getProperty("java.version"), LocalDate.now()));
    text.append("Elasticsearch forked with 512 MB of heap, Dovecot, ingest and processor as separate JVMs; %s.\n\n".formatted(layout));
    text.append("| figure | value | ratio to the limit |\n|---|---:|---:|\n");
    for (String[] figure : figures) {
      text.append("| ").append(figure[0]).append(" | ").append(figure[1]).append(" | ").append(figure[2]).append(" |\n");
    }
    if (!heapLines.isEmpty()) {
      text.append("\nHeap still in use after a full collection, after every 1,000 mails drained (MB):\n\n");
      text.append("| run | mails | ingest | processor |\n|---|---:|---:|---:|\n");
      heapLines.forEach(line -> text.append("| ").append(line).append(" |\n"));
    }
    out.println();
    out.print(text);
    out.flush();
    if (workload.writeDoc() != null) {
      String doc = Files.readString(workload.writeDoc());
      String begin = "<!-- bench e2e: begin -->";
      String end = "<!-- bench e2e: end -->";
      int from = doc.indexOf(begin);
      int to = doc.indexOf(end);
      String section = begin + "\n" + text + end;
      doc = from >= 0 && to > from ? doc.substring(0, from) + section + doc.substring(to + end.length())
          : doc + "\n## End to end (issue 8)\n\n" + section + "\n";
      Files.writeString(workload.writeDoc(), doc);
      say("Figures written to %s", workload.writeDoc());
    }
  }

  private static long physicalMemoryGb() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean bean ? Math.round(bean.getTotalMemorySize() / 1e9) : -1;
  }

  private static void deleteRecordIndices(ElasticsearchClient es) throws IOException {
    es.indices().delete(d -> d.index(RecordIndex.INDEX_PREFIX + "*").allowNoIndices(true).ignoreUnavailable(true));
  }

  private static long count(ElasticsearchClient es) {
    try {
      return es.count(c -> c.index(RecordIndex.ALIAS).allowNoIndices(true).ignoreUnavailable(true)).count();
    } catch (Exception notYet) {
      return 0;
    }
  }

  private static Path write(Path file, Properties properties) throws IOException {
    try (var writer = Files.newBufferedWriter(file)) {
      properties.store(writer, null);
    }
    return file;
  }

  private static void check(long seen, long expected, String stage) {
    if (seen != expected) {
      throw new IllegalStateException(stage + " saw " + seen + " rows, expected " + expected);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String rate(double perSecond, String unit) {
    return "%,.0f %s".formatted(perSecond, unit);
  }

  private void say(String format, Object... args) {
    out.printf(format + "%n", args);
    out.flush();
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temporary files only
    }
  }
}
