package org.dmarcpipeline.processor.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.dmarcpipeline.schema.config.Secret;
import org.dmarcpipeline.schema.config.Settings;

/**
 * Alerting: how often the rules run, their thresholds, and where notifications go.
 *
 * @param interval time between evaluations; zero turns alerting off
 * @param failureShare DMARC failure share above which a domain alerts (0.05 = 5%)
 * @param minMessages messages a domain needs in the window before its share means anything
 * @param window how far back each evaluation looks
 * @param suppression how long a still-firing alert stays quiet after a notification
 * @param topic the alerts topic
 * @param webhook where to POST notifications, with the HMAC key that signs them; empty for none
 * @param smtp where to mail notifications; empty for none
 * @param thresholds failure share and minimum messages for the domains that need their own
 */
public record AlertSettings(
    Duration interval,
    double failureShare,
    long minMessages,
    Duration window,
    Duration suppression,
    String topic,
    Optional<URI> webhook,
    Optional<Secret> webhookKey,
    Optional<SmtpSettings> smtp,
    Map<String, Threshold> thresholds) {

  /** When a domain's DMARC failure share alerts. */
  public record Threshold(double failureShare, long minMessages) {}

  public AlertSettings {
    thresholds = Map.copyOf(thresholds);
  }

  /** What applies to domains without their own threshold. */
  public Threshold defaultThreshold() {
    return new Threshold(failureShare, minMessages);
  }

  public static AlertSettings disabled() {
    return new AlertSettings(Duration.ZERO, 0.05, 1000, Duration.ofHours(24), Duration.ofHours(12), "dmarc.alerts",
        Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
  }

  public boolean enabled() {
    return !interval.isZero();
  }

  /** Reads {@code dmarc.alerts.*}. */
  public static AlertSettings from(Settings settings) {
    Optional<URI> webhook = settings.optional("dmarc.alerts.webhook-url").map(URI::create);
    Optional<Secret> key = settings.secret("dmarc.alerts.webhook-key");
    webhook.ifPresent(url -> {
      if (!"https".equals(url.getScheme()) && !(url.getHost() != null && (url.getHost().equals("localhost") || url.getHost().startsWith("127.")))) {
        settings.problem("dmarc.alerts.webhook-url must be https unless it is on loopback: " + url);
      }
      if (key.isEmpty()) {
        settings.problem("dmarc.alerts.webhook-key.env or .file is required with a webhook: receivers check the signature");
      }
    });
    double failureShare = settings.integer("dmarc.alerts.failure-share-percent", 5, 0, 100) / 100.0;
    long minMessages = settings.integer("dmarc.alerts.min-messages", 1000, 0, Integer.MAX_VALUE);
    Map<String, Threshold> thresholds = new java.util.TreeMap<>();
    java.util.Set<String> domains = new java.util.TreeSet<>(settings.withPrefix("dmarc.alerts.failure-share-percent.").keySet());
    domains.addAll(settings.withPrefix("dmarc.alerts.min-messages.").keySet());
    for (String domain : domains) {
      thresholds.put(domain.toLowerCase(java.util.Locale.ROOT), new Threshold(
          settings.integer("dmarc.alerts.failure-share-percent." + domain, (int) Math.round(failureShare * 100), 0, 100) / 100.0,
          settings.integer("dmarc.alerts.min-messages." + domain, (int) minMessages, 0, Integer.MAX_VALUE)));
    }
    return new AlertSettings(
        settings.duration("dmarc.alerts.interval", Duration.ofMinutes(5)),
        failureShare,
        minMessages,
        settings.duration("dmarc.alerts.window", Duration.ofHours(24)),
        settings.duration("dmarc.alerts.suppression", Duration.ofHours(12)),
        settings.string("dmarc.kafka.topic.alerts", "dmarc.alerts"),
        webhook,
        key,
        SmtpSettings.from(settings),
        thresholds);
  }
}
