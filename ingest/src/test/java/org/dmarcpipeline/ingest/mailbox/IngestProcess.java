package org.dmarcpipeline.ingest.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.dmarcpipeline.ingest.IngestService;
import org.dmarcpipeline.ingest.config.IngestConfig;
import org.dmarcpipeline.schema.config.Settings;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.testing.services.LocalImapServer;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TestCertificateAuthority;

/**
 * Ingest in a process of its own, for tests that kill it: {@code IngestProcess CONFIG_FILE
 * [--poison-seam]}; with {@code --poison-seam}, mails marked for it fail or crash the JVM ({@link
 * PoisonMails}).
 */
public final class IngestProcess {

  private IngestProcess() {}

  /**
   * The settings of an ingest reading {@code user}'s INBOX on {@code server} into {@code topics};
   * its secrets come from the environment ({@link #secrets}), as in production.
   */
  static Properties settings(LocalImapServer server, String user, Topics topics) {
    Properties config = new Properties();
    config.setProperty("dmarc.kafka.bootstrap-servers", LocalStack.kafka().bootstrapServers());
    config.setProperty("dmarc.kafka.security-protocol", "PLAINTEXT");
    config.setProperty("dmarc.kafka.topic.records", topics.records());
    config.setProperty("dmarc.kafka.topic.reports", topics.reports());
    config.setProperty("dmarc.kafka.topic.raw-reports", topics.rawReports());
    config.setProperty("dmarc.kafka.topic.dead-letter", topics.deadLetter());
    config.setProperty("dmarc.mailboxes", "child");
    config.setProperty("dmarc.mailbox.child.host", server.host());
    config.setProperty("dmarc.mailbox.child.port", Integer.toString(server.port()));
    config.setProperty("dmarc.mailbox.child.user", user);
    config.setProperty("dmarc.mailbox.child.password.env", "CHILD_IMAP_PASSWORD");
    config.setProperty("dmarc.mailbox.child.truststore", server.trustStore().toString());
    config.setProperty("dmarc.mailbox.child.truststore-password.env", "CHILD_TRUSTSTORE_PASSWORD");
    config.setProperty("dmarc.mailbox.child.poll-delay", "PT0.3S");
    return config;
  }

  /** The environment that {@link #settings} names its secrets in. */
  static Map<String, String> secrets(String imapPassword) {
    return Map.of("CHILD_IMAP_PASSWORD", imapPassword, "CHILD_TRUSTSTORE_PASSWORD", TestCertificateAuthority.STORE_PASSWORD);
  }

  static Path write(Properties settings, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      settings.store(out, null);
    }
    return file;
  }

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
