package org.dmarcpipeline.processor.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
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

  /** Documents per bulk request unless {@code dmarc.processor.bulk-max-operations} says otherwise. */
  public static final int DEFAULT_BULK_MAX_OPERATIONS = 1000;

  /** Bulk requests in flight unless {@code dmarc.processor.bulk-max-concurrent-requests} says otherwise. */
  public static final int DEFAULT_BULK_MAX_CONCURRENT_REQUESTS = 2;

  /** Kafka's default, kept unless {@code dmarc.kafka.client.max.poll.interval.ms} says otherwise. */
  public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);

  private static final String MAX_POLL_INTERVAL_KEY = "max.poll.interval.ms";

  /** The consumer's {@code max.poll.interval.ms}. */
  public Duration maxPollInterval() {
    String value = kafka.tuning().get(MAX_POLL_INTERVAL_KEY);
    return value == null ? DEFAULT_MAX_POLL_INTERVAL : Duration.ofMillis(Long.parseLong(value.strip()));
  }

  /**
   * Why the poll loop could overrun {@code max.poll.interval.ms}, if it could: between two polls it
   * may spend the DNS poll budget, one lookup begun just before its end, and a bulk request that
   * waits up to the Elasticsearch timeout. A member that overruns is dropped from its group, and
   * then every member fetching the same records overruns the same way (case K4).
   */
  public Optional<String> pollIntervalProblem() {
    Duration interval;
    try {
      interval = maxPollInterval();
    } catch (NumberFormatException e) {
      return Optional.of("dmarc.kafka.client." + MAX_POLL_INTERVAL_KEY + " must be a number of milliseconds, not '"
          + kafka.tuning().get(MAX_POLL_INTERVAL_KEY) + "'");
    }
    Duration needed = dns.longestPerPoll().plus(elasticsearch.timeout());
    if (interval.compareTo(needed) > 0) {
      return Optional.empty();
    }
    return Optional.of("dmarc.kafka.client." + MAX_POLL_INTERVAL_KEY + " (" + interval.toMillis() + ") must be longer than"
        + " dmarc.dns.poll-budget + one DNS lookup (dmarc.dns.timeout x (1 + dmarc.dns.retries)) + dmarc.elasticsearch.timeout = "
        + needed + " (" + needed.toMillis() + " ms): a slower poll loop is dropped from its consumer group");
  }

  public static ProcessorConfig from(Settings settings) throws ConfigException {
    ProcessorConfig config =
        new ProcessorConfig(
            KafkaConnection.from(settings),
            Topics.from(settings),
            settings.string("dmarc.processor.group-id", "dmarc-processor"),
            ElasticsearchConnection.from(settings),
            settings.integer("dmarc.processor.bulk-max-operations", DEFAULT_BULK_MAX_OPERATIONS, 1, 100_000),
            settings.integer("dmarc.processor.bulk-max-concurrent-requests", DEFAULT_BULK_MAX_CONCURRENT_REQUESTS, 1, 64),
            DnsSettings.from(settings),
            AlertSettings.from(settings));
    config.pollIntervalProblem().ifPresent(settings::problem);
    settings.validate();
    return config;
  }
}
