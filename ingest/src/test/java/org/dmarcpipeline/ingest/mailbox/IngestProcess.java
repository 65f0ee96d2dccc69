package org.dmarcpipeline.ingest.mailbox;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.dmarcpipeline.ingest.IngestService;
import org.dmarcpipeline.ingest.config.IngestConfig;
import org.dmarcpipeline.schema.config.Settings;

/** Ingest in a process of its own, for tests that kill it: {@code IngestProcess CONFIG_FILE}. */
public final class IngestProcess {

  private IngestProcess() {}

  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      properties.load(in);
    }
    IngestService.start(IngestConfig.from(new Settings(properties, System::getenv)));
    Thread.currentThread().join();
  }
}
