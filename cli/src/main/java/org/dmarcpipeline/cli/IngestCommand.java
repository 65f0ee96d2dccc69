package org.dmarcpipeline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dmarcpipeline.ingest.IngestService;
import org.dmarcpipeline.ingest.config.IngestConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dmarc ingest}: poll the configured mailboxes into Kafka until stopped. */
@Command(
    name = "ingest",
    description = {
      "Run the ingest stage: poll the configured IMAP mailboxes and publish reports to Kafka.",
      "Settings come from --config (properties) and DMARC_* environment variables; secrets only",
      "from the environment or files (dmarc.mailbox.NAME.password.env / .file)."
    })
final class IngestCommand implements Callable<Integer> {

  @Option(names = "--config", description = "properties file (see docs/configuration.md)")
  Path config;

  @Override
  public Integer call() throws Exception {
    StageRunner.runUntilStopped(IngestService.start(IngestConfig.from(StageRunner.settings(config))));
    return 0;
  }
}
