package org.dmarcpipeline.processor.config;

import java.util.Objects;
import org.dmarcpipeline.schema.config.ConfigException;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Settings;
import org.dmarcpipeline.schema.config.Topics;

/**
 * Everything the processor needs, validated once at start-up.
 *
 * @param groupId Kafka consumer group; instances sharing it split the partitions
 * @param bulkMaxOperations documents per bulk request
 * @param bulkMaxConcurrentRequests bulk requests in flight at once
 * @param dns the live DNS cross-check; off when no servers are configured
 * @param alerts alert rules and sinks; off when the interval is zero
 */
public record ProcessorConfig(
    KafkaConnection kafka,
    Topics topics,
    String groupId,
    ElasticsearchConnection elasticsearch,
    int bulkMaxOperations,
    int bulkMaxConcurrentRequests,
    DnsSettings dns,
    AlertSettings alerts) {

  public ProcessorConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(elasticsearch, "elasticsearch");
    Objects.requireNonNull(dns, "dns");
    Objects.requireNonNull(alerts, "alerts");
  }

  /** With alerting off. */
  public ProcessorConfig(
      KafkaConnection kafka, Topics topics, String groupId, ElasticsearchConnection elasticsearch,
      int bulkMaxOperations, int bulkMaxConcurrentRequests, DnsSettings dns) {
    this(kafka, topics, groupId, elasticsearch, bulkMaxOperations, bulkMaxConcurrentRequests, dns, AlertSettings.disabled());
  }

  /** Without DNS checks. */
  public ProcessorConfig(
      KafkaConnection kafka, Topics topics, String groupId, ElasticsearchConnection elasticsearch,
      int bulkMaxOperations, int bulkMaxConcurrentRequests) {
    this(kafka, topics, groupId, elasticsearch, bulkMaxOperations, bulkMaxConcurrentRequests, DnsSettings.disabled(), AlertSettings.disabled());
  }

  public static ProcessorConfig from(Settings settings) throws ConfigException {
    ProcessorConfig config =
        new ProcessorConfig(
            KafkaConnection.from(settings),
            Topics.from(settings),
            settings.string("dmarc.processor.group-id", "dmarc-processor"),
            ElasticsearchConnection.from(settings),
            settings.integer("dmarc.processor.bulk-max-operations", 1000, 1, 100_000),
            settings.integer("dmarc.processor.bulk-max-concurrent-requests", 2, 1, 64),
            DnsSettings.from(settings),
            AlertSettings.from(settings));
    settings.validate();
    return config;
  }
}
