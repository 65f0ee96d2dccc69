package org.dmarcpipeline.ingest.mailbox;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.dmarcpipeline.ingest.IngestService;
import org.dmarcpipeline.ingest.config.IngestConfig;
import org.dmarcpipeline.schema.config.Settings;

/**
 * Ingest in a process of its own, for tests that kill it: {@code IngestProcess CONFIG_FILE
 * [--poison-seam]}; with {@code --poison-seam}, mails marked for it fail or crash the JVM ({@link
 * PoisonMails}).
 */
public final class IngestProcess {

  private IngestProcess() {}

  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      properties.load(in);
    }
    IngestConfig config = IngestConfig.from(new Settings(properties, System::getenv));
    if (args.length > 1 && args[1].equals("--poison-seam")) {
      IngestService.start(config, PoisonMails.seam());
    } else {
      IngestService.start(config);
    }
    Thread.currentThread().join();
  }
}
