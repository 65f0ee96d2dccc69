package org.dmarcpipeline.ingest.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.dmarcpipeline.schema.config.Secret;
import org.dmarcpipeline.schema.config.Settings;

/**
 * One IMAP mailbox that receives {@code rua} reports.
 *
 * @param name short label used in route ids, logs and Kafka headers
 * @param tls IMAPS (implicit TLS, port 993) or STARTTLS (port 143, required, never optional)
 * @param truststore PKCS12 truststore for a private CA; empty means the JVM's CAs
 * @param folder where reports arrive
 * @param processedFolder where a mail goes once everything in it is safely in Kafka
 * @param invalidFolder where a mail goes once it and the reason are on the dead-letter topic
 * @param quarantineFolder where a mail larger than {@code maxMessageBytes} goes, unread
 * @param maxMessageBytes mail at least this large is never loaded into memory
 */
public record MailboxConfig(
    String name,
    String host,
    int port,
    TlsMode tls,
    String user,
    Secret password,
    Optional<Path> truststore,
    Optional<Secret> truststorePassword,
    String folder,
    String processedFolder,
    String invalidFolder,
    String quarantineFolder,
    int maxMessageBytes,
    Duration pollDelay,
    int maxMessagesPerPoll) {

  /** Room for a million-row report: 14 MB gzipped, a third more in base64. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 32 << 20;

  /** How the connection is encrypted; there is no unencrypted mode. */
  public enum TlsMode {
    IMAPS,
    STARTTLS
  }

  public MailboxConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(password, "password");
    if (folder.equals(processedFolder) || folder.equals(invalidFolder) || folder.equals(quarantineFolder)) {
      throw new IllegalArgumentException(
          "mailbox " + name + ": processed, invalid and quarantine folders must differ from " + folder);
    }
  }

  /** A mailbox with the default size limit and folder names, for tests and the demo. */
  public static MailboxConfig of(
      String name, String host, int port, String user, Secret password, Optional<Path> truststore,
      Optional<Secret> truststorePassword, Duration pollDelay) {
    return new MailboxConfig(
        name, host, port, TlsMode.IMAPS, user, password, truststore, truststorePassword,
        "INBOX", "DMARC-Processed", "DMARC-Invalid", "DMARC-Quarantine",
        DEFAULT_MAX_MESSAGE_BYTES, pollDelay, 25);
  }

  /** Reads {@code dmarc.mailbox.NAME.*}. */
  static MailboxConfig from(Settings settings, String name) {
    String prefix = "dmarc.mailbox." + name + ".";
    TlsMode tls;
    String tlsText = settings.string(prefix + "tls", "IMAPS");
    try {
      tls = TlsMode.valueOf(tlsText.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      settings.problem(prefix + "tls must be IMAPS or STARTTLS, not " + tlsText);
      tls = TlsMode.IMAPS;
    }
    int defaultPort = tls == TlsMode.IMAPS ? 993 : 143;
    Optional<Secret> password = settings.secret(prefix + "password");
    if (password.isEmpty()) {
      settings.problem(prefix + "password.env or " + prefix + "password.file is required");
    }
    String folder = settings.string(prefix + "folder", "INBOX");
    String processed = settings.string(prefix + "processed-folder", "DMARC-Processed");
    String invalid = settings.string(prefix + "invalid-folder", "DMARC-Invalid");
    String quarantine = settings.string(prefix + "quarantine-folder", "DMARC-Quarantine");
    if (folder.equals(processed) || folder.equals(invalid) || folder.equals(quarantine)) {
      settings.problem(prefix + "processed-, invalid- and quarantine-folder must differ from folder");
      processed = folder + "-processed";
      invalid = folder + "-invalid";
      quarantine = folder + "-quarantine";
    }
    return new MailboxConfig(
        name,
        settings.required(prefix + "host"),
        settings.integer(prefix + "port", defaultPort, 1, 65535),
        tls,
        settings.required(prefix + "user"),
        password.orElse(Secret.of("")),
        settings.path(prefix + "truststore"),
        settings.secret(prefix + "truststore-password"),
        folder,
        processed,
        invalid,
        quarantine,
        settings.integer(prefix + "max-message-bytes", DEFAULT_MAX_MESSAGE_BYTES, 64 * 1024, Integer.MAX_VALUE),
        settings.duration(prefix + "poll-delay", Duration.ofSeconds(60)),
        settings.integer(prefix + "max-messages-per-poll", 25, 1, 1000));
  }
}
