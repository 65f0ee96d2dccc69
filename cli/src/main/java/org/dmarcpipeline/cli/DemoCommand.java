package org.dmarcpipeline.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.dmarcpipeline.ingest.IngestService;
import org.dmarcpipeline.ingest.config.IngestConfig;
import org.dmarcpipeline.ingest.config.MailboxConfig;
import org.dmarcpipeline.processor.ProcessorService;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Secret;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.index.ReportIndex;
import org.dmarcpipeline.processor.config.DnsSettings;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.GeneratedZones;
import org.dmarcpipeline.testing.services.LocalNsd;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.generate.ReportMails;
import org.dmarcpipeline.testing.generate.ReportPacking;
import org.dmarcpipeline.testing.services.ImapClient;
import org.dmarcpipeline.testing.services.LocalElasticsearch;
import org.dmarcpipeline.testing.services.LocalImapServer;
import org.dmarcpipeline.testing.services.LocalKafka;
import org.dmarcpipeline.testing.services.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dmarc demo}: the whole pipeline on local services, end to end: report mails in an IMAPS
 * mailbox, ingest, Kafka, processor, Elasticsearch, and a summary read back from Elasticsearch.
 */
@Command(
    name = "demo",
    description = {
      "Start local Kafka, Elasticsearch and an IMAPS server holding generated report mails,",
      "run ingest and processor until the mailbox is drained, and print a summary from Elasticsearch."
    })
final class DemoCommand implements Callable<Integer> {

  private static final String MAILBOX = "dmarc-reports@example.com";
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

  @Option(names = "--reports", defaultValue = "12", description = "report mails to generate (default ${DEFAULT-VALUE})")
  int reports;

  @Option(names = "--max-rows", defaultValue = "40", description = "rows per report, 1 to this (default ${DEFAULT-VALUE})")
  int maxRows;

  @Option(names = "--seed", defaultValue = "2026", description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--stay", description = "keep everything running after the summary, until Ctrl-C")
  boolean stay;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting local Kafka, Elasticsearch and IMAPS (first start takes about 20 s)...");
    out.flush();
    LocalKafka kafka = LocalStack.kafka();
    LocalElasticsearch elasticsearch = LocalStack.elasticsearch();
    LocalImapServer imapServer = LocalStack.imap();
    String password = UUID.randomUUID().toString();
    imapServer.addUser(MAILBOX, password);
    out.printf("  Kafka          %s%n  Elasticsearch  %s%n  IMAPS          %s:%d (mailbox %s)%n",
        kafka.bootstrapServers(), elasticsearch.url(), imapServer.host(), imapServer.port(), MAILBOX);

    long expectedRows = 0;
    ReportGenerator generator = new ReportGenerator(seed);
    ReportPacking[] packings = ReportPacking.values();
    try (ImapClient imap = new ImapClient(imapServer.host(), imapServer.port(), imapServer.trustStore(), MAILBOX, password)) {
      for (int i = 0; i < reports; i++) {
        GeneratedReport report = generator.next(maxRows);
        imap.append("INBOX", ReportMails.mail(report, packings[i % packings.length], MAILBOX));
        expectedRows += report.rows();
      }
      out.printf("Appended %d report mails (%d rows) to the mailbox.%n", reports, expectedRows);
      out.flush();

      KafkaConnection kafkaConnection = KafkaConnection.plaintext(kafka.bootstrapServers());
      MailboxConfig mailbox =
          MailboxConfig.of(
              "demo", imapServer.host(), imapServer.port(), MAILBOX, Secret.of(password),
              Optional.of(imapServer.trustStore()), Optional.of(Secret.of("changeit")), Duration.ofSeconds(1));
      ElasticsearchConnection esConnection = ElasticsearchConnection.local(elasticsearch.url());
      LocalNsd nsd = startDnsIfInstalled(out);
      try (IngestService ingest = IngestService.start(new IngestConfig(List.of(mailbox), kafkaConnection, Topics.DEFAULTS));
          ProcessorService processor =
              ProcessorService.start(new ProcessorConfig(kafkaConnection, Topics.DEFAULTS, "dmarc-processor", esConnection, 1000, 2,
                  nsd == null ? DnsSettings.disabled() : DnsSettings.of(List.of(nsd.address()))));
          ElasticsearchClient es = ElasticsearchClients.create(esConnection)) {
        out.println("Ingest and processor running; waiting until the mailbox is drained and indexed...");
        out.flush();
        awaitDrained(imap, es, expectedRows, reports);
        out.printf("Mailbox drained: %d in DMARC-Processed, %d in DMARC-Invalid; %d documents in Elasticsearch.%n",
            imap.count("DMARC-Processed"), imap.count("DMARC-Invalid"), count(es));
        SummaryTable.print(SummaryTable.read(es, null, null), out);
        if (nsd != null) {
          DnsFindings.print(es, out);
        }
        out.println();
        if (stay) {
          out.printf("Query it, for example:%n  curl -s '%s/%s/_search?q=dmarc_result:fail&size=3&pretty'%n",
              elasticsearch.url(), RecordIndex.ALIAS);
          out.println("Press Ctrl-C to stop everything.");
          out.flush();
          Thread.currentThread().join();
        } else {
          out.println("Stopping. Run 'bin/dmarc demo --stay' to keep the services up and query Elasticsearch yourself.");
        }
      } finally {
        if (nsd != null) {
          nsd.close();
        }
      }
    }
    out.flush();
    return 0;
  }

  /** The DNS cross-check needs a DNS server for the generated domains: NSD, when installed. */
  private static LocalNsd startDnsIfInstalled(PrintWriter out) {
    if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/sbin/nsd"))) {
      out.println("DNS cross-check off: nsd is not installed (apt-get install nsd to see it).");
      return null;
    }
    out.println("Starting NSD with zones for the generated domains (DNS cross-check on).");
    return LocalNsd.start(GeneratedZones.zones());
  }

  /** Rows and report documents both: a report's document, with its DMARC record now, comes after its rows. */
  private static void awaitDrained(ImapClient imap, ElasticsearchClient es, long expectedRows, int expectedReports) throws Exception {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (imap.count("INBOX") == 0 && count(es) >= expectedRows && count(es, ReportIndex.ALIAS) >= expectedReports) {
          return;
        }
      } catch (java.io.IOException notReadyYet) {
        // a new monthly index answers 503 until its shard is allocated
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the pipeline did not drain the mailbox within " + DRAIN_TIMEOUT);
  }

  private static long count(ElasticsearchClient es) throws Exception {
    return count(es, RecordIndex.ALIAS);
  }

  private static long count(ElasticsearchClient es, String alias) throws Exception {
    es.indices().refresh(r -> r.index(alias).allowNoIndices(true).ignoreUnavailable(true));
    return es.count(c -> c.index(alias).allowNoIndices(true).ignoreUnavailable(true)).count();
  }
}
