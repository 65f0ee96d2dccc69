package org.dmarcpipeline.processor;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import org.dmarcpipeline.schema.config.ConfigException;
import org.dmarcpipeline.processor.consume.CommitObserver;
import org.dmarcpipeline.processor.consume.KafkaPosition;
import org.dmarcpipeline.processor.consume.RecordsConsumer;
import org.dmarcpipeline.processor.consume.Settlement;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.processor.index.IndexTemplates;
import org.dmarcpipeline.processor.index.RecordIndexer;
import org.dmarcpipeline.processor.index.ReportIdClaims;
import org.dmarcpipeline.processor.config.DnsSettings;
import org.dmarcpipeline.processor.config.AlertSettings;
import org.dmarcpipeline.processor.alert.AlertEngine;
import org.dmarcpipeline.processor.alert.AlertSink;
import org.dmarcpipeline.processor.alert.DmarcFailureShareRule;
import org.dmarcpipeline.processor.alert.DnsBreakageRule;
import org.dmarcpipeline.processor.alert.ReportsStoppedRule;
import org.dmarcpipeline.processor.alert.SourceChangeRule;
import org.dmarcpipeline.processor.alert.KafkaAlertSink;
import org.dmarcpipeline.processor.alert.SmtpSink;
import org.dmarcpipeline.processor.alert.WebhookSink;
import org.dmarcpipeline.processor.enrich.DnsChecks;
import org.dmarcpipeline.processor.failure.FailurePolicy;
import org.dmarcpipeline.processor.enrich.RowEnricher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running processor stage: one poll loop on its own thread, one bulk indexer. */
public final class ProcessorService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessorService.class);

  private final ElasticsearchClient client;
  private final Producer<String, byte[]> deadLetterProducer;
  private final RecordIndexer<KafkaPosition> indexer;
  private final RecordsConsumer loop;
  private final Thread thread;
  private final StageSupervisor supervisor;
  private final Runnable stopAlerting;

  private ProcessorService(
      ElasticsearchClient client,
      Producer<String, byte[]> deadLetterProducer,
      RecordIndexer<KafkaPosition> indexer,
      RecordsConsumer loop,
      Thread thread,
      StageSupervisor supervisor,
      Runnable stopAlerting) {
    this.client = client;
    this.deadLetterProducer = deadLetterProducer;
    this.indexer = indexer;
    this.loop = loop;
    this.thread = thread;
    this.supervisor = supervisor;
    this.stopAlerting = stopAlerting;
  }

  public static ProcessorService start(ProcessorConfig config) throws Exception {
    return start(config, CommitObserver.NONE);
  }

  /**
   * Starts the poll loop and, when configured, the alert rules. Should either thread die of an
   * exception nobody handled, the process exits with a non-zero status after one log line.
   *
   * @throws org.dmarcpipeline.schema.config.ConfigException when {@code max.poll.interval.ms} is
   *     too short for the loop's work
   */
  public static ProcessorService start(ProcessorConfig config, CommitObserver commits) throws Exception {
    return start(config, commits, StageSupervisor.Exit.SYSTEM);
  }

  static ProcessorService start(ProcessorConfig config, CommitObserver commits, StageSupervisor.Exit exit) throws Exception {
    java.util.Optional<String> pollIntervalProblem = config.pollIntervalProblem();
    if (pollIntervalProblem.isPresent()) {
      throw new ConfigException(pollIntervalProblem.get());
    }
    ElasticsearchClient client = ElasticsearchClients.create(config.elasticsearch());
    try {
      // Also the first request: a wrong certificate, host name or key ends the start here.
      IndexTemplates.install(client);
    } catch (Exception e) {
      client.close();
      throw e;
    }

    Map<String, Object> consumerProps = config.kafka().clientProperties();
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "dmarc-processor");
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    // On a backlog, fewer and larger fetches (the broker answers once 1 MiB is ready); a trickle
    // still arrives within 100 ms.
    consumerProps.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20);
    consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    consumerProps.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Math.toIntExact(config.maxPollInterval().toMillis()));
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());

    Map<String, Object> producerProps = config.kafka().clientProperties();
    producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "dmarc-processor-dead-letters");
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
    Producer<String, byte[]> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());

    Settlement settlement = new Settlement(new FailurePolicy(), producer, config.topics());
    RecordIndexer<KafkaPosition> indexer =
        new RecordIndexer<>(client, config.bulkMaxOperations(), config.bulkMaxConcurrentRequests(), settlement);
    RecordsConsumer loop =
        new RecordsConsumer(consumer, config.topics(), settlement, indexer, new ReportIdClaims(client), checks(config.dns()), commits);
    StageSupervisor supervisor = new StageSupervisor(exit);
    Thread thread = new Thread(loop, "dmarc-processor");
    thread.setUncaughtExceptionHandler(supervisor);
    thread.start();
    LOG.info("processor started: topic {}, group {}", config.topics().records(), config.groupId());
    Runnable stopAlerting = startAlerting(config.alerts(), client, producer, supervisor);
    return new ProcessorService(client, producer, indexer, loop, thread, supervisor, stopAlerting);
  }

  private static DnsChecks checks(DnsSettings dns) {
    if (!dns.enabled()) {
      LOG.info("DNS cross-check off: no dmarc.dns.servers configured");
      return DnsChecks.OFF;
    }
    return RowEnricher.of(dns);
  }

  /**
   * Runs the alert rules on a schedule. Every instance may run them: the engine's conditional
   * writes make each alert go out once.
   *
   * @return what stops them; does nothing when alerting is off
   */
  private static Runnable startAlerting(
      AlertSettings settings, ElasticsearchClient client, Producer<String, byte[]> producer, StageSupervisor supervisor) {
    if (!settings.enabled()) {
      return () -> {};
    }
    java.util.List<AlertSink> sinks = new java.util.ArrayList<>();
    sinks.add(new KafkaAlertSink(producer, settings.topic()));
    settings.webhook().ifPresent(webhook -> sinks.add(new WebhookSink(webhook.uri(), webhook.key(), webhook.format(), 5)));
    settings.smtp().ifPresent(smtp -> {
      try {
        sinks.add(new SmtpSink(smtp));
      } catch (java.io.IOException | java.security.GeneralSecurityException e) {
        throw new IllegalStateException("cannot read the SMTP truststore " + smtp.truststore().orElse(null) + ": " + e.getMessage(), e);
      }
    });
    AlertEngine engine = new AlertEngine(client,
        java.util.List.of(
            new DmarcFailureShareRule(settings.defaultThreshold(), settings.thresholds(), settings.window()),
            new DnsBreakageRule(settings.window()),
            new ReportsStoppedRule(settings.reportsStopped(), Duration.ofDays(7)),
            new SourceChangeRule(settings.window(), Duration.ofDays(30), settings.defaultThreshold(), settings.thresholds())),
        sinks, settings.suppression(), settings.pendingFor());
    var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dmarc-alerts"));
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        engine.evaluate(java.time.Instant.now());
      } catch (Exception e) {
        LOG.warn("alert evaluation failed, next try in {}: {}", settings.interval(), e.toString());
      } catch (Error e) {
        // the executor would keep it in a future nobody reads, and never run the rules again
        supervisor.uncaughtException(Thread.currentThread(), e);
      }
    }, settings.interval().toMillis(), settings.interval().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    LOG.info("alerting every {}", settings.interval());
    return scheduler::shutdownNow;
  }

  public ElasticsearchClient client() {
    return client;
  }

  @Override
  public void close() throws Exception {
    supervisor.stopping();
    stopAlerting.run();
    loop.stop();
    thread.join(Duration.ofSeconds(60).toMillis());
    indexer.close();
    deadLetterProducer.close(Duration.ofSeconds(10));
    client.close();
    LOG.info("processor stopped");
  }
}
