package org.dmarcpipeline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dmarcpipeline.processor.ProcessorService;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import org.dmarcpipeline.schema.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmarc process}: index the records topic into Elasticsearch until stopped. */
@Command(
    name = "process",
    description = "Run the processor stage: consume report records from Kafka and index them into Elasticsearch.")
final class ProcessCommand implements Callable<Integer> {

  @Option(names = "--config", description = "properties file (see docs/configuration.md)")
  Path config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ProcessorConfig processor;
    try {
      processor = ProcessorConfig.from(StageRunner.settings(config));
    } catch (ConfigException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    StageRunner.runUntilStopped(ProcessorService.start(processor));
    return 0;
  }
}
