package org.dmarcpipeline.ingest.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.dmarcpipeline.schema.config.ConfigException;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Settings;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.unpack.UnpackLimits;
import org.dmarcpipeline.schema.xml.ReaderLimits;

/**
 * Everything the ingest application needs, validated once at start-up.
 *
 * @param readerLimits per-report limits (records, field length)
 * @param unpackLimits per-attachment limits (sizes, ratio, nesting)
 * @param stateDirectory where each mailbox keeps its count of parses that crashed ingest; must
 *     outlive the process (a volume), or a mail that kills the JVM is parsed again after each restart
 * @param maxParseAttempts parses of one mail that may crash ingest before the mail is quarantined
 */
public record IngestConfig(
    List<MailboxConfig> mailboxes,
    KafkaConnection kafka,
    Topics topics,
    ReaderLimits readerLimits,
    UnpackLimits unpackLimits,
    Path stateDirectory,
    int maxParseAttempts) {

  /** Outlives a crash and the restart after it, which is what the crash count needs. */
  public static final Path DEFAULT_STATE_DIRECTORY = Path.of(System.getProperty("java.io.tmpdir"), "dmarc-ingest");

  public static final int DEFAULT_MAX_PARSE_ATTEMPTS = 3;

  public IngestConfig {
    mailboxes = List.copyOf(mailboxes);
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(readerLimits, "readerLimits");
    Objects.requireNonNull(unpackLimits, "unpackLimits");
    Objects.requireNonNull(stateDirectory, "stateDirectory");
    if (maxParseAttempts < 1) {
      throw new IllegalArgumentException("maxParseAttempts must be at least 1");
    }
    if (mailboxes.isEmpty()) {
      throw new IllegalArgumentException("at least one mailbox is needed");
    }
  }

  /** With the default parse and unpack limits, state directory and parse attempts. */
  public IngestConfig(List<MailboxConfig> mailboxes, KafkaConnection kafka, Topics topics) {
    this(mailboxes, kafka, topics, ReaderLimits.DEFAULTS, UnpackLimits.DEFAULTS);
  }

  /** With the default state directory and parse attempts. */
  public IngestConfig(
      List<MailboxConfig> mailboxes, KafkaConnection kafka, Topics topics, ReaderLimits readerLimits,
      UnpackLimits unpackLimits) {
    this(mailboxes, kafka, topics, readerLimits, unpackLimits, DEFAULT_STATE_DIRECTORY, DEFAULT_MAX_PARSE_ATTEMPTS);
  }

  /**
   * Reads {@code dmarc.mailboxes} (comma-separated names), each {@code dmarc.mailbox.NAME.*},
   * {@code dmarc.kafka.*}, the limits {@code dmarc.parse.*} and {@code dmarc.unpack.*}, and
   * {@code dmarc.ingest.state-dir} and {@code dmarc.ingest.max-parse-attempts}.
   *
   * @throws ConfigException listing every problem found
   */
  public static IngestConfig from(Settings settings) throws ConfigException {
    List<String> names = settings.list("dmarc.mailboxes");
    if (names.isEmpty()) {
      settings.problem("dmarc.mailboxes must name at least one mailbox");
    }
    List<MailboxConfig> mailboxes = names.stream().map(n -> MailboxConfig.from(settings, n)).toList();
    KafkaConnection kafka = KafkaConnection.from(settings);
    Topics topics = Topics.from(settings);
    ReaderLimits defaults = ReaderLimits.DEFAULTS;
    ReaderLimits readerLimits =
        new ReaderLimits(
            settings.integer("dmarc.parse.max-records", defaults.maxRecords(), 1, 100_000_000),
            settings.integer("dmarc.parse.max-field-length", defaults.maxFieldLength(), 253, 1 << 20),
            settings.integer("dmarc.parse.max-part-chars", defaults.maxPartChars(), 1024, 64 << 20),
            settings.integer("dmarc.parse.max-part-elements", defaults.maxPartElements(), 100, 10_000_000));
    UnpackLimits unpack = UnpackLimits.DEFAULTS;
    UnpackLimits unpackLimits =
        new UnpackLimits(
            settings.longValue("dmarc.unpack.max-compressed-bytes", unpack.maxCompressedBytes(), 1024, 1L << 34),
            settings.longValue("dmarc.unpack.max-inflated-bytes", unpack.maxInflatedBytes(), 1024, 1L << 40),
            settings.integer("dmarc.unpack.max-ratio", unpack.maxRatio(), 2, 1_000_000),
            settings.integer("dmarc.unpack.max-nesting", unpack.maxNesting(), 1, 5));
    Path stateDirectory = settings.path("dmarc.ingest.state-dir").orElse(DEFAULT_STATE_DIRECTORY);
    int maxParseAttempts =
        settings.integer("dmarc.ingest.max-parse-attempts", DEFAULT_MAX_PARSE_ATTEMPTS, 1, 100);
    settings.validate();
    return new IngestConfig(mailboxes, kafka, topics, readerLimits, unpackLimits, stateDirectory, maxParseAttempts);
  }
}
