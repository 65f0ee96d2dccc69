package org.dmarcpipeline.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import org.dmarcpipeline.ingest.backfill.Backfill;
import org.dmarcpipeline.ingest.publish.IngestProducer;
import org.dmarcpipeline.ingest.publish.IngestTopics;
import org.dmarcpipeline.ingest.publish.KafkaPublishException;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Settings;
import org.dmarcpipeline.schema.config.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmarc backfill PATH...}: old reports through the same path as new mail. */
@Command(
    name = "backfill",
    description = {
      "Push report files (xml, gz, zip), mails (.eml), mbox files and Maildir folders through the",
      "ingest path into Kafka: directories are read recursively. Needs dmarc.kafka.* (--config or",
      "DMARC_KAFKA_* environment variables). Running it twice creates no duplicates."
    })
final class BackfillCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "files and directories")
  List<Path> paths;

  @Option(names = "--config", description = "properties file with dmarc.kafka.* (see docs/configuration.md)")
  Path config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Settings settings = StageRunner.settings(config);
    KafkaConnection kafka = KafkaConnection.from(settings);
    Topics topics = Topics.from(settings);
    settings.validate();
    IngestTopics.ensure(kafka, topics, 3, (short) -1);
    try (Producer<String, byte[]> producer = IngestProducer.create(kafka)) {
      Backfill.Result result = StageRunner.backfill(producer, topics, true).run(paths, err);
      spec.commandLine().getOut().printf(
          "backfilled %d files (%d items): %,d reports, %,d rows, %d rejected, in %.1f s (%,.0f rows/s)%n",
          result.files(), result.items(), result.reports(), result.rows(), result.rejected(), result.seconds(),
          result.rows() / result.seconds());
      return result.rejected() == 0 ? 0 : 1;
    } catch (KafkaPublishException e) {
      err.println("stopped: " + e.getMessage() + " (what was backfilled so far is in Kafka; run again to continue)");
      return 3;
    }
  }
}
