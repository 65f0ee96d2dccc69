package org.dmarcpipeline.cli.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.processor.index.IndexTemplates;
import org.dmarcpipeline.testing.generate.GeneratedZones;
import org.dmarcpipeline.testing.services.CpuAffinity;
import org.dmarcpipeline.testing.services.LocalDovecot;
import org.dmarcpipeline.testing.services.LocalElasticsearch;
import org.dmarcpipeline.testing.services.LocalKafka;
import org.dmarcpipeline.testing.services.LocalNsd;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TestCertificateAuthority;

/**
 * The local services of one run: Kafka and Elasticsearch (shared with the tests, kept running),
 * Dovecot, NSD with {@code --dns}, a client for Elasticsearch with the row templates installed,
 * and where each runs on the CPUs.
 *
 * @param nsd null without {@code --dns}
 * @param layout how the services share the CPUs, for the report
 */
record BenchStack(LocalKafka kafka, LocalElasticsearch elasticsearch, LocalDovecot dovecot, LocalNsd nsd,
    ElasticsearchClient es, String layout) implements AutoCloseable {

  /** Read before any pinning narrows what this JVM sees. */
  static final int MACHINE_CPUS = Runtime.getRuntime().availableProcessors();

  static BenchStack start(boolean pin, boolean dns, Progress progress) throws IOException {
    progress.say("Starting Kafka, Elasticsearch and Dovecot...");
    LocalKafka kafka = LocalStack.kafka();
    LocalElasticsearch elasticsearch = LocalStack.elasticsearch();
    TestCertificateAuthority ca = LocalStack.ca();
    String layout = pin ? pin(elasticsearch, progress) : "every service shares every CPU";
    LocalDovecot dovecot = LocalDovecot.start(ca);
    LocalNsd nsd = null;
    try {
      nsd = dns ? LocalNsd.start(GeneratedZones.zones()) : null;
      ElasticsearchClient es = ElasticsearchClients.create(ElasticsearchConnection.local(elasticsearch.url()));
      BenchStack stack = new BenchStack(kafka, elasticsearch, dovecot, nsd, es, layout);
      try {
        IndexTemplates.install(es);
      } catch (IOException | RuntimeException e) {
        stack.close();
        throw e;
      }
      return stack;
    } catch (IOException | RuntimeException e) {
      if (nsd != null) {
        nsd.close();
      }
      dovecot.close();
      throw e;
    }
  }

  /** Where the node stats are read. */
  String elasticsearchUrl() {
    return elasticsearch.url();
  }

  /** -1 when Elasticsearch runs elsewhere: its CPU then reads as 0. */
  long elasticsearchPid() {
    return elasticsearch.pid().orElse(-1L);
  }

  /**
   * Gives Elasticsearch a CPU of its own, the last one, and everything else (Kafka and this
   * JVM, Dovecot, ingest, processor, all started from here later) the others, in both the raw bulk
   * pass and the end-to-end runs: the limit is then Elasticsearch's rate with the resources it has
   * during the pipeline's run, as when it runs on its own machine, and the ratio shows whether
   * the pipeline keeps it busy rather than how much CPU the two take from each other.
   */
  private static String pin(LocalElasticsearch elasticsearch, Progress progress) throws IOException {
    if (MACHINE_CPUS < 2) {
      throw new IllegalStateException("--pin needs at least 2 CPUs");
    }
    int last = MACHINE_CPUS - 1;
    String others = last == 1 ? "0" : "0-" + (last - 1);
    CpuAffinity.pin(elasticsearch.pid().orElseThrow(() -> new IllegalStateException("Elasticsearch has no pid")), Integer.toString(last));
    CpuAffinity.pin(ProcessHandle.current().pid(), others);
    progress.say("Pinned: Elasticsearch to CPU %d, everything else to CPU %s", last, others);
    return "Elasticsearch pinned to CPU %d and everything else to CPU %s (`--pin`), in every measurement".formatted(last, others);
  }

  /** In the order the original try-with-resources closed them: client, NSD, Dovecot. */
  @Override
  public void close() throws IOException {
    try {
      es.close();
    } finally {
      try {
        if (nsd != null) {
          nsd.close();
        }
      } finally {
        dovecot.close();
      }
    }
  }
}
