package org.dmarcpipeline.processor.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
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
 * @param reportsStopped how long a domain may go without reports before that alerts
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
    Map<String, Threshold> thresholds,
    ReportsStopped reportsStopped) {

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

  /**
   * When a domain's reports count as stopped: none for {@code after}, the domain's own or the
   * default, after some in the week before. Most receivers report daily, hence two days; a domain
   * that only a few receivers report on, or weekly, needs a longer wait, and zero never alerts for
   * a domain (one parked or retired on purpose).
   */
  public record ReportsStopped(Duration after, Map<String, Duration> byDomain) {
    public static final ReportsStopped DEFAULT = new ReportsStopped(Duration.ofDays(2), Map.of());

    public ReportsStopped {
      byDomain = Map.copyOf(byDomain);
    }

    public Duration after(String domain) {
      return byDomain.getOrDefault(domain.toLowerCase(Locale.ROOT), after);
    }

    /** The longest wait of any domain: how far back the rule has to look. */
    public Duration longest() {
      return byDomain.values().stream().reduce(after, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }
  }

  public AlertSettings {
    thresholds = Map.copyOf(thresholds);
  }

  public static AlertSettings disabled() {
    return new AlertSettings(Duration.ZERO, new Threshold(0.05, 1000, 100), Duration.ofHours(24), Duration.ofHours(12), Duration.ZERO, "dmarc.alerts",
        Optional.empty(), Optional.empty(), Map.of(), ReportsStopped.DEFAULT);
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
    nonNegative(settings, "dmarc.alerts.pending-for", pendingFor);
    return new AlertSettings(
        interval,
        new Threshold(failureShare, minMessages, sourceMinMessages),
        settings.duration("dmarc.alerts.window", Duration.ofHours(24)),
        settings.duration("dmarc.alerts.suppression", Duration.ofHours(12)),
        pendingFor,
        settings.string("dmarc.kafka.topic.alerts", "dmarc.alerts"),
        webhook,
        SmtpSettings.from(settings),
        thresholds,
        reportsStopped(settings));
  }

  /** {@code dmarc.alerts.reports-stopped-after} and its {@code .<domain>} overrides. */
  private static ReportsStopped reportsStopped(Settings settings) {
    String key = "dmarc.alerts.reports-stopped-after";
    Duration after = nonNegative(settings, key, settings.duration(key, ReportsStopped.DEFAULT.after()));
    Map<String, Duration> byDomain = new java.util.TreeMap<>();
    for (String domain : settings.withPrefix(key + ".").keySet()) {
      byDomain.put(domain.toLowerCase(Locale.ROOT), nonNegative(settings, key + "." + domain, settings.duration(key + "." + domain, after)));
    }
    return new ReportsStopped(after, byDomain);
  }

  private static Duration nonNegative(Settings settings, String key, Duration value) {
    if (value.isNegative()) {
      settings.problem(key + " must not be negative, not " + value);
      return Duration.ZERO;
    }
    return value;
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
