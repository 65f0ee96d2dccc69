package org.dmarcpipeline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dmarcpipeline.processor.ProcessorService;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dmarc process}: index the records topic into Elasticsearch until stopped. */
@Command(
    name = "process",
    description = "Run the processor stage: consume report records from Kafka and index them into Elasticsearch.")
final class ProcessCommand implements Callable<Integer> {

  @Option(names = "--config", description = "properties file (see docs/configuration.md)")
  Path config;

  @Override
  public Integer call() throws Exception {
    StageRunner.runUntilStopped(ProcessorService.start(ProcessorConfig.from(StageRunner.settings(config))));
    return 0;
  }
}
