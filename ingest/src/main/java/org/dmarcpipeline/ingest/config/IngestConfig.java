package org.dmarcpipeline.ingest.config;

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
 */
public record IngestConfig(
    List<MailboxConfig> mailboxes,
    KafkaConnection kafka,
    Topics topics,
    ReaderLimits readerLimits,
    UnpackLimits unpackLimits) {

  public IngestConfig {
    mailboxes = List.copyOf(mailboxes);
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(readerLimits, "readerLimits");
    Objects.requireNonNull(unpackLimits, "unpackLimits");
    if (mailboxes.isEmpty()) {
      throw new IllegalArgumentException("at least one mailbox is needed");
    }
  }

  /** With the default parse and unpack limits. */
  public IngestConfig(List<MailboxConfig> mailboxes, KafkaConnection kafka, Topics topics) {
    this(mailboxes, kafka, topics, ReaderLimits.DEFAULTS, UnpackLimits.DEFAULTS);
  }

  /**
   * Reads {@code dmarc.mailboxes} (comma-separated names), each {@code dmarc.mailbox.NAME.*},
   * {@code dmarc.kafka.*} and the limits {@code dmarc.parse.*} and {@code dmarc.unpack.*}.
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
    settings.validate();
    return new IngestConfig(mailboxes, kafka, topics, readerLimits, unpackLimits);
  }
}
