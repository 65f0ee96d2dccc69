package org.dmarcpipeline.cli.bench;

import static org.dmarcpipeline.cli.bench.BenchReport.rate;
import static org.dmarcpipeline.cli.bench.Progress.secondsSince;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.nio.file.Path;
import org.dmarcpipeline.cli.bench.ElasticsearchStats.BulkCounters;
import org.dmarcpipeline.cli.bench.ElasticsearchStats.NodeWork;
import org.dmarcpipeline.testing.services.ImapClient;
import org.dmarcpipeline.testing.services.LocalNsd;

/**
 * One end-to-end run: ingest and processor in their own JVMs drain the warm-up mails first, then
 * the measured backlog, moved into INBOX at once, until every row is searchable. Its figures
 * (CPU per process and per CPU, Elasticsearch's work, heap) go to the report as it measures them.
 */
final class PipelineRun {

  /**
   * @param warmSeconds time for the rows after the first fifth: by then the processor's DNS cache
   *     holds what the workload asks (its names and addresses repeat), so this is the run with a
   *     warm cache
   */
  record Result(double seconds, double rowsPerSecond, double mailsPerSecond, double warmSeconds) {}

  private final Path work;
  private final BenchStack stack;
  private final BenchMailbox mailbox;
  private final BenchReport report;
  private final Progress progress;
  private final int dnsRatePerSecond;

  PipelineRun(Path work, BenchStack stack, BenchMailbox mailbox, BenchReport report, Progress progress, int dnsRatePerSecond) {
    this.work = work;
    this.stack = stack;
    this.mailbox = mailbox;
    this.report = report;
    this.progress = progress;
    this.dnsRatePerSecond = dnsRatePerSecond;
  }

  /**
   * @param nsd the DNS server the processor asks; null for a run with the DNS cross-check off
   * @param mails the measured mails, waiting in the backlog folder
   * @param rows the rows of the measured mails
   */
  Result run(WorkloadMails warmUp, int mails, long rows, LocalNsd nsd, String label) throws Exception {
    ElasticsearchClient es = stack.es();
    String elasticsearchUrl = stack.elasticsearchUrl();
    PipelineJvms jvms = PipelineJvms.configure(work, stack, mailbox, nsd, dnsRatePerSecond);
    long benchPid = ProcessHandle.current().pid();
    long elasticsearchPid = stack.elasticsearchPid();
    mailbox.append(BenchMailbox.INBOX, warmUp.mails());
    progress.say("End to end (%s): warming up on %,d other mails...", label, warmUp.count());
    long coldStart = System.nanoTime();
    double elapsed;
    double warmSeconds;
    try (PipelineJvms.Running running = jvms.start();
        ImapClient imap = mailbox.open()) {
      JvmProbe ingestProbe = running.ingestProbe();
      JvmProbe processorProbe = running.processorProbe();
      boolean probes = ingestProbe.available();
      awaitDrained(es, imap, warmUp.count(), warmUp.rows(), running.stall());
      double coldSeconds = secondsSince(coldStart);
      report.addRun("end to end, " + label + ", cold: the %,d warm-up mails just after ingest and processor started (not measured)"
          .formatted(warmUp.count()), rate(warmUp.rows() / coldSeconds, "rows/s"));
      imap.deleteAll(BenchMailbox.PROCESSED);
      RecordIndices.deleteAll(es);

      progress.say("End to end (%s): draining %,d mails...", label, mails);
      double ingestCpuAtStart = ingestProbe.cpuSeconds();
      double processorCpuAtStart = processorProbe.cpuSeconds();
      double benchCpuAtStart = JvmProbe.cpuSeconds(benchPid);
      double elasticsearchCpuAtStart = JvmProbe.cpuSeconds(elasticsearchPid);
      double dovecotCpuAtStart = JvmProbe.treeCpuSeconds(mailbox.dovecot().process());
      CpuShares cpusAtStart = CpuShares.read();
      BulkCounters countersAtStart = BulkCounters.read(elasticsearchUrl);
      NodeWork workAtStart = NodeWork.read(elasticsearchUrl);
      long start = System.nanoTime();
      imap.moveAll(BenchMailbox.BACKLOG, BenchMailbox.INBOX);
      progress.say("  backlog moved into INBOX in %.1f s", secondsSince(start));
      long nextHeapMark = 1000;
      Stall stall = running.stall();
      long warmFrom = rows / 5;
      long warmStart = 0;
      long warmStartRows = 0;
      while (true) {
        long indexed = RecordIndices.count(es);
        int processed = imap.messageCount(BenchMailbox.PROCESSED);
        if (probes) {
          while (processed >= nextHeapMark) {
            report.heapLine("%s | %,d | %,d | %,d".formatted(label, nextHeapMark, ingestProbe.liveHeapKb() >> 10,
                processorProbe.liveHeapKb() >> 10));
            nextHeapMark += 1000;
          }
        }
        if (warmStart == 0 && indexed >= warmFrom) {
          warmStart = System.nanoTime();
          warmStartRows = indexed;
        }
        if (indexed >= rows) {
          elapsed = secondsSince(start);
          // scaled to the rows after the first fifth exactly, since the count is read every 500 ms
          warmSeconds = warmStartRows < rows
              ? secondsSince(warmStart) * (rows - warmFrom) / (double) (rows - warmStartRows)
              : elapsed * (rows - warmFrom) / rows; // a run too short to see: pro rata
          break;
        }
        stall.check(indexed, rows);
        Thread.sleep(500);
      }
      double perRow = 1e6 / rows;
      report.addRun("Elasticsearch's write tasks / refreshes (time) / searches, " + label,
          NodeWork.read(elasticsearchUrl).since(workAtStart));
      BulkCounters countersAtEnd = BulkCounters.read(elasticsearchUrl);
      report.addRun("documents per bulk request to a shard / documents indexed per row (above 1.00: rows indexed again), " + label,
          "%,.0f / %.3f".formatted(countersAtEnd.documentsPerRequestSince(countersAtStart),
              (countersAtEnd.documents() - countersAtStart.documents()) / (double) rows));
      report.addRun("CPU per row, " + label + ": ingest / processor / Kafka broker / Dovecot / Elasticsearch",
          "%.0f / %.0f / %.0f / %.0f / %.0f µs".formatted((ingestProbe.cpuSeconds() - ingestCpuAtStart) * perRow,
              (processorProbe.cpuSeconds() - processorCpuAtStart) * perRow,
              (JvmProbe.cpuSeconds(benchPid) - benchCpuAtStart) * perRow,
              (JvmProbe.treeCpuSeconds(mailbox.dovecot().process()) - dovecotCpuAtStart) * perRow,
              (JvmProbe.cpuSeconds(elasticsearchPid) - elasticsearchCpuAtStart) * perRow));
      report.addRun("busy share of each CPU during the run, " + label + " (CPU 0 / CPU 1 ...)",
          CpuShares.read().busySince(cpusAtStart));
      if (probes) {
        report.heapLine("%s | end (%,d mails) | %,d | %,d".formatted(label, imap.messageCount(BenchMailbox.PROCESSED),
            ingestProbe.liveHeapKb() >> 10, processorProbe.liveHeapKb() >> 10));
        report.addRun("ingest JVM (" + PipelineJvms.INGEST_HEAP + "), " + label + ": peak heap in use / peak RSS",
            "%,d MB / %,d MB".formatted(ingestProbe.peakHeapUsedKb() >> 10, ingestProbe.peakRssKb() >> 10));
        report.addRun("processor JVM (" + PipelineJvms.PROCESSOR_HEAP + "), " + label + ": peak heap in use / peak RSS",
            "%,d MB / %,d MB".formatted(processorProbe.peakHeapUsedKb() >> 10, processorProbe.peakRssKb() >> 10));
      }
    }
    progress.say("  %,d rows in %.1f s", rows, elapsed);
    return new Result(elapsed, rows / elapsed, mails / elapsed, warmSeconds);
  }

  /** Waits until every row of the mails is searchable and every mail is in the processed folder. */
  private static void awaitDrained(ElasticsearchClient es, ImapClient imap, int mails, long rows, Stall stall) throws Exception {
    while (true) {
      long indexed = RecordIndices.count(es);
      if (indexed >= rows && imap.messageCount(BenchMailbox.PROCESSED) >= mails) {
        return;
      }
      stall.check(indexed, rows);
      Thread.sleep(500);
    }
  }
}
