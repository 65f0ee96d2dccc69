package org.dmarcpipeline.cli.bench;

import static org.dmarcpipeline.cli.bench.BenchReport.rate;
import static org.dmarcpipeline.cli.bench.Progress.secondsSince;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * {@code dmarc bench e2e}: a backlog of report mails in a real IMAPS mailbox (Dovecot) drained by
 * ingest and processor, each in its own JVM with its production heap limit, into Elasticsearch;
 * measured against Elasticsearch's own bulk rate for exactly the same documents in the same run,
 * with each stage alone beside it so the bottleneck shows. Ingest and processor first drain other
 * mails, so that they are measured warm, like Elasticsearch. With {@code --dns} a second limit is
 * measured on the documents the processor writes with its DNS findings: they cost Elasticsearch
 * more to index, and that limit tells that cost apart from the pipeline's own.
 *
 * <p>This class is the order of the steps and the headline figures; each step is a class of its
 * own: {@link BenchStack}, {@link WorkloadMails}, {@link StageBenchmarks}, {@link RawBulk},
 * {@link PipelineRun} and {@link BenchReport}.
 */
public final class EndToEndBenchmark {

  /** What the run is asked to do. */
  public record Workload(int mails, int maxRows, int bigRows, long seed, boolean dns, boolean pin, Path writeDoc, String command) {}

  /** DNS questions per second allowed to the processor: the local NSD, not a shared resolver. */
  private static final int DNS_RATE_PER_SECOND = 100_000;
  /**
   * Mails drained by ingest and processor just after they start, before the measured run: as many
   * rows as Elasticsearch's warm-up, so that the pipeline is compared warm with a warm Elasticsearch.
   */
  private static final int WARM_UP_MAILS = 2_000;

  private final PrintWriter out;
  private final Progress progress;

  public EndToEndBenchmark(PrintWriter out) {
    this.out = out;
    this.progress = new Progress(out);
  }

  public void run(Workload workload) throws Exception {
    BenchReport report = new BenchReport(out, progress);
    try (BenchStack stack = BenchStack.start(workload.pin(), workload.dns(), progress)) {
      Path work = Files.createTempDirectory("dmarc-bench-");
      try {
        run(workload, stack, work, report);
      } finally {
        deleteQuietly(work);
      }
    }
  }

  private void run(Workload workload, BenchStack stack, Path work, BenchReport report) throws Exception {
    BenchMailbox mailbox = new BenchMailbox(stack.dovecot());
    progress.say("Generating %,d report mails of 1 to %d rows%s (seed %d)...", workload.mails(), workload.maxRows(),
        workload.bigRows() > 0 ? " and one of %,d rows".formatted(workload.bigRows()) : "", workload.seed());
    WorkloadMails mails = WorkloadMails.generate(workload.seed(), workload.mails(), workload.maxRows(), workload.bigRows());
    long rows = mails.rows();
    progress.say("Workload: %,d mails, %,d rows, %,d MB of mail", mails.count(), rows, mails.bytes() >> 20);
    // other reports than the measured ones (another seed): they warm the JVMs, not the caches for those
    WorkloadMails warmUp = WorkloadMails.generate(workload.seed() + 1, Math.min(workload.mails(), WARM_UP_MAILS), workload.maxRows(), 0);

    StageBenchmarks stages = new StageBenchmarks(progress);
    Path documents = work.resolve("documents.tsv");
    Path enrichedDocuments = work.resolve("documents-with-dns.tsv");
    double parseRate = stages.parse(mails);
    // the documents the processor would index, for the raw bulk passes (not timed)
    DocumentFiles.plain(mails.mails(), documents);
    progress.say("  parse: %,.0f rows/s", parseRate);
    if (stack.nsd() != null) {
      progress.say("Cross-checking every row against DNS for the documents with findings (not timed)...");
      DocumentFiles.withDnsFindings(mails.mails(), stack.nsd(), DNS_RATE_PER_SECOND, enrichedDocuments);
    }
    RawBulk rawBulk = new RawBulk(stack, progress);
    List<Limit> warmUpPasses = rawBulk.warmUp(documents, rows);
    Limit plainBefore = rawBulk.measure(documents, rows, "");
    Limit enrichedBefore = stack.nsd() == null ? null : rawBulk.measure(enrichedDocuments, rows, ", documents with DNS findings");
    double kafkaRate = stages.kafka(stack.kafka().bootstrapServers(), mails);
    progress.say("  Kafka publish: %,.0f rows/s", kafkaRate);

    long appendStart = System.nanoTime();
    mailbox.append(BenchMailbox.BACKLOG, mails.mails());
    double appendSeconds = secondsSince(appendStart);
    double fetchRate = stages.fetch(mailbox, mails.count());
    progress.say("  IMAP fetch: %,.0f mails/s", fetchRate);

    PipelineRun pipeline = new PipelineRun(work, stack, mailbox, report, progress, DNS_RATE_PER_SECOND);
    PipelineRun.Result plain = pipeline.run(warmUp, mails.count(), rows, null, "without DNS");
    PipelineRun.Result withDns = null;
    if (stack.nsd() != null) {
      RecordIndices.deleteAll(stack.es());
      mailbox.resetBacklog();
      withDns = pipeline.run(warmUp, mails.count(), rows, stack.nsd(), "with DNS");
    }
    RecordIndices.deleteAll(stack.es());
    // Elasticsearch keeps getting faster for millions of documents (its JIT): the limit is the
    // better of a pass before the end-to-end runs and one after them
    Limit plainAfter = rawBulk.measure(documents, rows, " again");
    Limit limit = Limit.better(plainBefore, plainAfter);
    double bulkRate = limit.rowsPerSecond();
    report.add("Elasticsearch bulk of the same documents, same bulk settings (the limit: the better of a pass before the end-to-end runs and one after)",
        rate(bulkRate, "rows/s") + " (%,.0f before, %,.0f after)".formatted(plainBefore.rowsPerSecond(), plainAfter.rowsPerSecond()), "1.00");
    report.add("end to end: mailbox full -> all rows searchable, DNS cross-check off",
        rate(plain.rowsPerSecond(), "rows/s") + ", " + rate(plain.mailsPerSecond(), "mails/s"),
        "%.2f".formatted(plain.rowsPerSecond() / bulkRate));
    Limit enrichedLimit = null;
    double enrichedBulkRate = 0;
    if (withDns != null) {
      Limit enrichedAfter = rawBulk.measure(enrichedDocuments, rows, " again, documents with DNS findings");
      enrichedLimit = Limit.better(enrichedBefore, enrichedAfter);
      enrichedBulkRate = enrichedLimit.rowsPerSecond();
      report.add("Elasticsearch bulk of the documents with DNS findings, same bulk settings (the limit with DNS, chosen alike)",
          rate(enrichedBulkRate, "rows/s") + " (%,.0f before, %,.0f after)".formatted(enrichedBefore.rowsPerSecond(), enrichedAfter.rowsPerSecond()),
          "%.2f".formatted(enrichedBulkRate / bulkRate));
      report.add("end to end, DNS cross-check on (local NSD, processor's cache)",
          rate(withDns.rowsPerSecond(), "rows/s"), "%.2f (%.2f of the limit with DNS)".formatted(
              withDns.rowsPerSecond() / bulkRate, withDns.rowsPerSecond() / enrichedBulkRate));
    }
    report.add("IMAP append (filling the mailbox, not part of the pipeline)", rate(mails.count() / appendSeconds, "mails/s"), "");
    report.addRunFigures();
    report.add("Elasticsearch warm-up before any measurement: passes of the first %,d documents until one is at most 5%% faster than the best before it, rows/s (CPU per row)"
        .formatted(RawBulk.WARM_UP_DOCUMENTS),
        String.join(", ", warmUpPasses.stream().map(pass -> "%,.0f (%.0f µs)".formatted(pass.rowsPerSecond(), pass.cpuMicrosPerRow())).toList()),
        "");
    report.addLimit("CPU per row, Elasticsearch in the raw bulk (the better pass)", limit, enrichedLimit, "%.0f", Limit::cpuMicrosPerRow, " µs");
    report.add("CPU per row, Elasticsearch in the raw bulk of the same documents before / after the end-to-end runs",
        "%.0f / %.0f µs".formatted(plainBefore.cpuMicrosPerRow(), plainAfter.cpuMicrosPerRow()), "");
    report.addLimit("documents per bulk request to a shard, raw bulk (the better pass)", limit, enrichedLimit, "%,.0f",
        Limit::documentsPerRequest, "");
    report.add("Elasticsearch's write tasks / refreshes (time) / searches, raw bulk (the better pass)", limit.elasticsearchWork(), "");
    report.add("parse: MIME, unpack, check + fingerprint, parse + normalize (one thread)", rate(parseRate, "rows/s"),
        "%.2f".formatted(parseRate / bulkRate));
    report.add("Kafka publish: idempotent, acks=all, record JSON", rate(kafkaRate, "rows/s"), "%.2f".formatted(kafkaRate / bulkRate));
    report.add("IMAP fetch of every mail (Jakarta Mail, IMAPS)", rate(fetchRate, "mails/s"), "");
    if (withDns != null) {
      report.add("DNS findings' cost to Elasticsearch alone: bulk time of the documents with findings / without",
          "%.2f".formatted(bulkRate / enrichedBulkRate), "");
      report.add("DNS cross-check cost to the pipeline itself: its share of the limit without DNS / with DNS",
          "%.2f".formatted((plain.rowsPerSecond() / bulkRate) / (withDns.rowsPerSecond() / enrichedBulkRate)), "");
      report.add("DNS cross-check cost: end-to-end time with DNS / without, whole measured run (the cache holds only what the warm-up mails asked)",
          "%.2f".formatted(withDns.seconds() / plain.seconds()), "");
      report.add("DNS cross-check cost, warm cache: time for the last four fifths of the rows, with DNS / without",
          "%.2f".formatted(withDns.warmSeconds() / plain.warmSeconds()), "");
    }
    report.write(workload, mails, stack.layout());
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temporary files only
    }
  }
}
