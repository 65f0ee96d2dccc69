package org.dmarcpipeline.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.dmarcpipeline.testing.services.ChildJvm;
import org.dmarcpipeline.testing.services.LocalNsd;
import org.dmarcpipeline.testing.services.TestCertificateAuthority;

/**
 * Ingest and processor as separate JVMs at their production heap limits, each with a
 * configuration of its own for one end-to-end run: topics and consumer group unique to the run,
 * the processor's default bulk settings, DNS against the local NSD when there is one.
 */
final class PipelineJvms {

  static final String INGEST_HEAP = "-Xmx256m";
  static final String PROCESSOR_HEAP = "-Xmx512m";

  private final Path work;
  private final String suffix;
  private final Path ingestConfig;
  private final Path processorConfig;
  private final String imapPassword;

  private PipelineJvms(Path work, String suffix, Path ingestConfig, Path processorConfig, String imapPassword) {
    this.work = work;
    this.suffix = suffix;
    this.ingestConfig = ingestConfig;
    this.processorConfig = processorConfig;
    this.imapPassword = imapPassword;
  }

  /**
   * Writes both configurations into {@code work}.
   *
   * @param nsd null for a run with the DNS cross-check off
   * @param dnsRatePerSecond DNS questions per second allowed to the processor
   */
  static PipelineJvms configure(Path work, BenchStack stack, BenchMailbox mailbox, LocalNsd nsd, int dnsRatePerSecond)
      throws IOException {
    String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    Properties common = new Properties();
    common.setProperty("dmarc.kafka.bootstrap-servers", stack.kafka().bootstrapServers());
    common.setProperty("dmarc.kafka.security-protocol", "PLAINTEXT");
    for (String topic : List.of("records", "reports", "raw-reports", "dead-letter", "alerts")) {
      common.setProperty("dmarc.kafka.topic." + topic, "bench." + topic + suffix);
    }
    Properties ingest = new Properties();
    ingest.putAll(common);
    ingest.setProperty("dmarc.mailboxes", "bench");
    ingest.setProperty("dmarc.mailbox.bench.host", mailbox.dovecot().host());
    ingest.setProperty("dmarc.mailbox.bench.port", Integer.toString(mailbox.dovecot().port()));
    ingest.setProperty("dmarc.mailbox.bench.user", BenchMailbox.USER);
    ingest.setProperty("dmarc.mailbox.bench.password.env", "BENCH_IMAP_PASSWORD");
    ingest.setProperty("dmarc.mailbox.bench.truststore", mailbox.dovecot().trustStore().toString());
    ingest.setProperty("dmarc.mailbox.bench.truststore-password.env", "BENCH_TRUSTSTORE_PASSWORD");
    ingest.setProperty("dmarc.mailbox.bench.poll-delay", "PT1S");
    ingest.setProperty("dmarc.mailbox.bench.max-messages-per-poll", "100");
    Properties processor = new Properties();
    processor.putAll(common);
    processor.setProperty("dmarc.elasticsearch.url", stack.elasticsearchUrl());
    processor.setProperty("dmarc.processor.group-id", "bench" + suffix);
    processor.setProperty("dmarc.processor.bulk-max-operations", Integer.toString(RawBulk.BULK_OPERATIONS));
    processor.setProperty("dmarc.processor.bulk-max-concurrent-requests", Integer.toString(RawBulk.BULK_CONCURRENCY));
    processor.setProperty("dmarc.alerts.interval", "PT0S");
    if (nsd != null) {
      processor.setProperty("dmarc.dns.servers", "127.0.0.1:" + nsd.address().getPort());
      processor.setProperty("dmarc.dns.rate-per-second", Integer.toString(dnsRatePerSecond));
    }
    return new PipelineJvms(work, suffix, write(work.resolve("ingest" + suffix + ".properties"), ingest),
        write(work.resolve("processor" + suffix + ".properties"), processor), mailbox.password());
  }

  /** Starts the processor, then ingest, each with a GC log its probe reads. */
  Running start() throws IOException {
    Path processorGc = work.resolve("processor" + suffix + "-gc.log");
    Path ingestGc = work.resolve("ingest" + suffix + "-gc.log");
    Process processor = child(PROCESSOR_HEAP, processorGc, "process", processorConfig, work.resolve("processor" + suffix + ".log"));
    Process ingest;
    try {
      ingest = child(INGEST_HEAP, ingestGc, "ingest", ingestConfig, work.resolve("ingest" + suffix + ".log"));
    } catch (IOException e) {
      processor.destroy();
      throw e;
    }
    return new Running(ingest, processor, new JvmProbe(ingest.pid(), ingestGc), new JvmProbe(processor.pid(), processorGc), work);
  }

  /** The two JVMs of a run; closing stops both. */
  record Running(Process ingest, Process processor, JvmProbe ingestProbe, JvmProbe processorProbe, Path work)
      implements AutoCloseable {

    /** A watch on these JVMs for one drain. */
    Stall stall() {
      return new Stall(ingest, processor, work);
    }

    @Override
    public void close() throws InterruptedException {
      ingest.destroy();
      processor.destroy();
      ingest.waitFor(30, TimeUnit.SECONDS);
      processor.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Process child(String heap, Path gcLog, String command, Path config, Path log) throws IOException {
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

  private static Path write(Path file, Properties properties) throws IOException {
    try (var writer = Files.newBufferedWriter(file)) {
      properties.store(writer, null);
    }
    return file;
  }
}
