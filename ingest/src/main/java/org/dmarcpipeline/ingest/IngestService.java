package org.dmarcpipeline.ingest;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.producer.Producer;
import org.dmarcpipeline.ingest.config.IngestConfig;
import org.dmarcpipeline.ingest.mail.AttachmentFinder;
import org.dmarcpipeline.ingest.mail.ReportMailParser;
import org.dmarcpipeline.ingest.mailbox.MailboxErrorPolicy;
import org.dmarcpipeline.ingest.mailbox.MailboxRoutes;
import org.dmarcpipeline.ingest.publish.DeadLetterPublisher;
import org.dmarcpipeline.ingest.publish.IngestProducer;
import org.dmarcpipeline.ingest.publish.IngestTopics;
import org.dmarcpipeline.ingest.publish.ReportPublisher;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.unpack.ReportUnpacker;
import org.dmarcpipeline.schema.xml.AggregateReportReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running ingest stage: one Camel context with a route per mailbox and one Kafka producer. */
public final class IngestService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
  private static final Duration ACK_TIMEOUT = Duration.ofMinutes(2);

  private final CamelContext camel;
  private final Producer<String, byte[]> producer;
  private final MailboxRoutes routes;

  private IngestService(CamelContext camel, Producer<String, byte[]> producer, MailboxRoutes routes) {
    this.camel = camel;
    this.producer = producer;
    this.routes = routes;
  }

  /**
   * Starts polling every configured mailbox.
   *
   * @throws IllegalStateException when the JVM carries settings that would weaken TLS
   */
  public static IngestService start(IngestConfig config) throws Exception {
    return start(config, UnaryOperator.identity());
  }

  /**
   * Starts polling with the attachment finder wrapped: a seam for tests that make reading a mail
   * fail in ways no crafted mail reliably does (a stack overflow, a crash of the JVM).
   */
  public static IngestService start(IngestConfig config, UnaryOperator<AttachmentFinder> finder) throws Exception {
    org.dmarcpipeline.ingest.mailbox.StartupChecks.run(System.getProperties());
    IngestTopics.ensure(config.kafka(), config.topics(), 3, (short) -1);
    Producer<String, byte[]> producer = IngestProducer.create(config.kafka());
    CamelContext camel = new DefaultCamelContext();
    MailboxRoutes routes;
    camel.getGlobalOptions().put("CamelLogDebugBodyMaxChars", "0");
    try {
      ReportParser parser =
          new ReportParser(new ReportUnpacker(config.unpackLimits()), new AggregateReportReader(config.readerLimits()));
      ReportPublisher publisher = new ReportPublisher(producer, config.topics(), parser, ACK_TIMEOUT);
      DeadLetterPublisher deadLetters = new DeadLetterPublisher(producer, config.topics(), ACK_TIMEOUT);
      camel.addRoutes(new MailboxErrorPolicy(deadLetters));
      routes = new MailboxRoutes(config.mailboxes(), finder.apply(new ReportMailParser(parser)), publisher, deadLetters,
          new MailboxRoutes.CrashGuard(config.stateDirectory(), config.maxParseAttempts()));
      camel.addRoutes(routes);
      camel.start();
    } catch (Exception e) {
      camel.close();
      producer.close();
      throw e;
    }
    LOG.info("ingest started: {} mailbox(es), topics {}", config.mailboxes().size(), config.topics());
    return new IngestService(camel, producer, routes);
  }

  @Override
  public void close() throws Exception {
    // Camel first: in-flight exchanges finish (or roll back) while the producer can still ack.
    camel.close();
    routes.closeMovers();
    producer.close(Duration.ofSeconds(30));
    LOG.info("ingest stopped");
  }
}
