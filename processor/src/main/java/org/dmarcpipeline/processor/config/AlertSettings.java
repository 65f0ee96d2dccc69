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
 * @param defaultThreshold what applies to domains without their own threshold
 * @param window how far back each evaluation looks
 * @param suppression how long a still-firing alert stays quiet after a notification
 * @param pendingFor how long a condition must hold before its alert opens: one interval by
 *     default, so that it is seen by two evaluations in a row
 * @param topic the alerts topic
 * @param webhook where to POST notifications, in which format, with the HMAC key that signs
 *     them; empty for none
 * @param smtp where to mail notifications; empty for none
 * @param thresholds the thresholds of the domains that need their own
 */
public record AlertSettings(
    Duration interval,
    Threshold defaultThreshold,
    Duration window,
    Duration suppression,
    Duration pendingFor,
    String topic,
    Optional<Webhook> webhook,
    Optional<SmtpSettings> smtp,
    Map<String, Threshold> thresholds) {

  /** Our own JSON (the alert, signed), or a Slack message for an incoming webhook. */
  public enum WebhookFormat { JSON, SLACK }

  /**
   * A webhook. Its URL is held as a secret: a Slack webhook's URL is its credential, and a
   * record's {@code toString} must not show it.
   */
  public record Webhook(Secret url, Optional<Secret> key, WebhookFormat format) {
    public URI uri() {
      return URI.create(url.reveal());
    }
  }

  /**
   * When a domain alerts: its DMARC failure share is above {@code failureShare} (0.05 = 5%) over
   * at least {@code minMessages}; a new or newly failing source sends at least {@code
   * sourceMinMessages} failing messages.
   */
  public record Threshold(double failureShare, long minMessages, long sourceMinMessages) {
    /** The source threshold a tenth of the domain's, as before it could be set. */
    public Threshold(double failureShare, long minMessages) {
      this(failureShare, minMessages, Math.max(1, minMessages / 10));
    }
  }

  public AlertSettings {
    thresholds = Map.copyOf(thresholds);
  }

  public static AlertSettings disabled() {
    return new AlertSettings(Duration.ZERO, new Threshold(0.05, 1000, 100), Duration.ofHours(24), Duration.ofHours(12), Duration.ZERO, "dmarc.alerts",
        Optional.empty(), Optional.empty(), Map.of());
  }

  public boolean enabled() {
    return !interval.isZero();
  }

  /** Reads {@code dmarc.alerts.*}. */
  public static AlertSettings from(Settings settings) {
    Optional<Webhook> webhook = webhook(settings);
    double failureShare = settings.integer("dmarc.alerts.failure-share-percent", 5, 0, 100) / 100.0;
    long minMessages = settings.integer("dmarc.alerts.min-messages", 1000, 0, Integer.MAX_VALUE);
    long sourceMinMessages = settings.integer("dmarc.alerts.new-source-min-messages", (int) Math.max(1, minMessages / 10), 1, Integer.MAX_VALUE);
    Map<String, Threshold> thresholds = new java.util.TreeMap<>();
    java.util.Set<String> domains = new java.util.TreeSet<>(settings.withPrefix("dmarc.alerts.failure-share-percent.").keySet());
    domains.addAll(settings.withPrefix("dmarc.alerts.min-messages.").keySet());
    domains.addAll(settings.withPrefix("dmarc.alerts.new-source-min-messages.").keySet());
    for (String domain : domains) {
      thresholds.put(domain.toLowerCase(java.util.Locale.ROOT), new Threshold(
          settings.integer("dmarc.alerts.failure-share-percent." + domain, (int) Math.round(failureShare * 100), 0, 100) / 100.0,
          settings.integer("dmarc.alerts.min-messages." + domain, (int) minMessages, 0, Integer.MAX_VALUE),
          settings.integer("dmarc.alerts.new-source-min-messages." + domain, (int) sourceMinMessages, 1, Integer.MAX_VALUE)));
    }
    Duration interval = settings.duration("dmarc.alerts.interval", Duration.ofMinutes(5));
    Duration pendingFor = settings.duration("dmarc.alerts.pending-for", interval);
    if (pendingFor.isNegative()) {
      settings.problem("dmarc.alerts.pending-for must not be negative, not " + pendingFor);
    }
    return new AlertSettings(
        interval,
        new Threshold(failureShare, minMessages, sourceMinMessages),
        settings.duration("dmarc.alerts.window", Duration.ofHours(24)),
        settings.duration("dmarc.alerts.suppression", Duration.ofHours(12)),
        pendingFor,
        settings.string("dmarc.kafka.topic.alerts", "dmarc.alerts"),
        webhook,
        SmtpSettings.from(settings),
        thresholds);
  }

  /**
   * {@code dmarc.alerts.webhook-url} (or {@code .env} / {@code .file} when the URL carries a
   * token), {@code dmarc.alerts.webhook-format} ({@code json} or {@code slack}) and {@code
   * dmarc.alerts.webhook-key.env} / {@code .file}, required for our own format.
   */
  private static Optional<Webhook> webhook(Settings settings) {
    Optional<String> plain = settings.optional("dmarc.alerts.webhook-url");
    Optional<Secret> url = plain.isPresent() ? plain.map(Secret::of) : settings.secret("dmarc.alerts.webhook-url");
    if (url.isEmpty()) {
      return Optional.empty();
    }
    String formatName = settings.string("dmarc.alerts.webhook-format", "json");
    WebhookFormat format;
    try {
      format = WebhookFormat.valueOf(formatName.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      settings.problem("dmarc.alerts.webhook-format must be json or slack, not " + formatName);
      return Optional.empty();
    }
    Optional<Secret> key = settings.secret("dmarc.alerts.webhook-key");
    // a URL read from a secret is never repeated: it may carry a token
    String shown = plain.map(u -> ": " + u).orElse("");
    URI uri;
    try {
      uri = URI.create(url.get().reveal());
    } catch (IllegalArgumentException e) {
      settings.problem("dmarc.alerts.webhook-url is not a URL" + shown);
      return Optional.empty();
    }
    boolean loopback = uri.getHost() != null && (uri.getHost().equals("localhost") || uri.getHost().startsWith("127."));
    if (!"https".equals(uri.getScheme()) && !loopback) {
      settings.problem("dmarc.alerts.webhook-url must be https unless it is on loopback" + shown);
    }
    if (format == WebhookFormat.JSON && key.isEmpty()) {
      settings.problem("dmarc.alerts.webhook-key.env or .file is required with a webhook: receivers check the signature");
    }
    return Optional.of(new Webhook(url.get(), key, format));
  }
}
