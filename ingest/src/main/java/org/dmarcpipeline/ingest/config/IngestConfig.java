package org.dmarcpipeline.ingest.config;

import java.util.List;
import java.util.Objects;
import org.dmarcpipeline.schema.config.ConfigException;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Settings;
import org.dmarcpipeline.schema.config.Topics;

/** Everything the ingest application needs, validated once at start-up. */
public record IngestConfig(List<MailboxConfig> mailboxes, KafkaConnection kafka, Topics topics) {

  public IngestConfig {
    mailboxes = List.copyOf(mailboxes);
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    if (mailboxes.isEmpty()) {
      throw new IllegalArgumentException("at least one mailbox is needed");
    }
  }

  /**
   * Reads {@code dmarc.mailboxes} (comma-separated names), each {@code dmarc.mailbox.NAME.*}, and
   * {@code dmarc.kafka.*}.
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
    settings.validate();
    return new IngestConfig(mailboxes, kafka, topics);
  }
}
