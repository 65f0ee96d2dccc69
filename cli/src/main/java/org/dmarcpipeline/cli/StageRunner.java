package org.dmarcpipeline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.Producer;
import org.dmarcpipeline.ingest.backfill.Backfill;
import org.dmarcpipeline.ingest.backfill.BackfillSources;
import org.dmarcpipeline.ingest.config.MailboxConfig;
import org.dmarcpipeline.ingest.mail.ReportMailParser;
import org.dmarcpipeline.ingest.publish.DeadLetterPublisher;
import org.dmarcpipeline.ingest.publish.ReportPublisher;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.config.ConfigException;
import org.dmarcpipeline.schema.config.Settings;
import org.dmarcpipeline.schema.config.Topics;

/** What the command-line stages share: settings, the backfill wiring, running until stopped. */
final class StageRunner {

  private StageRunner() {}

  static Settings settings(Path configFile) throws IOException {
    Properties properties = new Properties();
    if (configFile != null) {
      try (InputStream in = Files.newInputStream(configFile)) {
        properties.load(in);
      }
    }
    return new Settings(properties, System::getenv);
  }

  /**
   * The Elasticsearch settings of {@code configFile} (or of the environment), validated: for the
   * commands that only read or set up Elasticsearch.
   *
   * @throws ConfigException naming every problem
   */
  static ElasticsearchConnection elasticsearch(Path configFile) throws IOException, ConfigException {
    Settings settings = settings(configFile);
    ElasticsearchConnection connection = ElasticsearchConnection.from(settings);
    settings.validate();
    return connection;
  }

  /**
   * The backfill path on a producer: files and raw mail in, Kafka out, dead letters for what does
   * not parse. {@code writeRaw} is false for a replay, which reads the raw topic.
   */
  static Backfill backfill(Producer<String, byte[]> producer, Topics topics, boolean writeRaw) {
    ReportParser parser = new ReportParser();
    Duration ackTimeout = Duration.ofMinutes(2);
    return new Backfill(
        new BackfillSources(MailboxConfig.DEFAULT_MAX_MESSAGE_BYTES),
        new ReportMailParser(parser),
        new ReportPublisher(producer, topics, parser, ackTimeout, writeRaw),
        new DeadLetterPublisher(producer, topics, ackTimeout));
  }

  static void runUntilStopped(AutoCloseable stage) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    stage.close();
                  } catch (Exception e) {
                    System.err.println("error while stopping: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "stage-stop"));
    stopped.await();
  }
}
