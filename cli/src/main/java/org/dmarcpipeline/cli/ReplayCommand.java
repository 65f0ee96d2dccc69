package org.dmarcpipeline.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import org.dmarcpipeline.ingest.backfill.Backfill;
import org.dmarcpipeline.ingest.backfill.RawTopic;
import org.dmarcpipeline.ingest.publish.IngestProducer;
import org.dmarcpipeline.ingest.publish.KafkaPublishException;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Settings;
import org.dmarcpipeline.schema.config.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmarc replay --from-raw}: parse every raw report again and publish it again. */
@Command(
    name = "replay",
    description = {
      "Re-parse the raw-reports topic and publish the records again under the same keys (after a",
      "parser fix or new enrichment); the processor re-indexes them over the old documents.",
      "No mailbox is touched."
    })
final class ReplayCommand implements Callable<Integer> {

  @Option(names = "--from-raw", required = true, description = "replay from the raw-reports topic")
  boolean fromRaw;

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
    try (Producer<String, byte[]> producer = IngestProducer.create(kafka)) {
      Backfill.Result result = StageRunner.backfill(producer, topics, false).replay(new RawTopic(kafka, topics.rawReports()), err);
      spec.commandLine().getOut().printf("replayed %d raw inputs: %,d reports, %,d rows, %d rejected, in %.1f s%n",
          result.items(), result.reports(), result.rows(), result.rejected(), result.seconds());
      return result.rejected() == 0 ? 0 : 1;
    } catch (KafkaPublishException e) {
      err.println("stopped: " + e.getMessage() + " (run again: a replay is idempotent)");
      return 3;
    }
  }
}
