package org.dmarcpipeline.processor.outage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dmarcpipeline.processor.ProcessorService;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Topics;

/**
 * The processor in a process of its own that stops dead in the moment between "Elasticsearch
 * acknowledged" and "offsets committed", after writing the records offset it was about to commit
 * to a marker file (case K3).
 * {@code ProcessorProcess BOOTSTRAP ES_URL TOPIC_SUFFIX GROUP MARKER}
 */
public final class ProcessorProcess {

  private ProcessorProcess() {}

  public static void main(String[] args) throws Exception {
    Path marker = Path.of(args[4]);
    // The shortest session the broker allows, so the group notices the killed member soon.
    KafkaConnection kafka = new KafkaConnection(args[0], "PLAINTEXT", Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Map.of("session.timeout.ms", "6000"));
    ProcessorConfig config = new ProcessorConfig(kafka, Topics.DEFAULTS.withSuffix(args[2]), args[3],
        ElasticsearchConnection.local(args[1]), 100, 1);
    ProcessorService.start(config, offsets -> {
      offsets.forEach((partition, offset) -> {
        if (partition.topic().equals(config.topics().records()) && offset.offset() > 0) {
          try {
            Files.writeString(marker, Long.toString(offset.offset()));
            TimeUnit.MINUTES.sleep(5);
          } catch (Exception e) {
            Thread.currentThread().interrupt();
          }
        }
      });
    });
    Thread.currentThread().join();
  }
}
