package org.dmarcpipeline.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dmarcpipeline.schema.config.ConfigException;
import org.dmarcpipeline.schema.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertSettingsTest {

  @Test
  void perDomainThresholdsShouldFallBackToTheDefaultsForWhatTheyDoNotSetAndMatchInLowerCase() throws Exception {
    Settings settings = Settings.of(Map.of(
        "dmarc.alerts.failure-share-percent", "5",
        "dmarc.alerts.min-messages", "1000",
        "dmarc.alerts.failure-share-percent.Newsletter.Example", "20",
        "dmarc.alerts.min-messages.small.example", "50"));

    AlertSettings alerts = AlertSettings.from(settings);
    settings.validate();

    assertThat(alerts.defaultThreshold()).isEqualTo(new AlertSettings.Threshold(0.05, 1000, 100));
    assertThat(alerts.thresholds()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "newsletter.example", new AlertSettings.Threshold(0.20, 1000, 100),
        "small.example", new AlertSettings.Threshold(0.05, 50, 100)));
  }

  @Test
  void aDomainsOwnSourceThresholdShouldOnlyChangeThatThreshold() throws Exception {
    Settings settings = Settings.of(Map.of(
        "dmarc.alerts.new-source-min-messages", "200",
        "dmarc.alerts.new-source-min-messages.Bulk.Example", "5000"));

    AlertSettings alerts = AlertSettings.from(settings);
    settings.validate();

    assertThat(alerts.defaultThreshold()).isEqualTo(new AlertSettings.Threshold(0.05, 1000, 200));
    assertThat(alerts.thresholds()).containsExactlyEntriesOf(Map.of("bulk.example", new AlertSettings.Threshold(0.05, 1000, 5000)));
  }

  @Test
  void reportsShouldCountAsStoppedAfterTwoDaysUnlessTheDomainOrTheDefaultSaysOtherwise() throws Exception {
    Settings byDefault = Settings.of(Map.of());
    Settings set = Settings.of(Map.of(
        "dmarc.alerts.reports-stopped-after", "P3D",
        "dmarc.alerts.reports-stopped-after.Weekly.Example", "P10D",
        "dmarc.alerts.reports-stopped-after.parked.example", "PT0S"));

    AlertSettings.ReportsStopped defaults = AlertSettings.from(byDefault).reportsStopped();
    AlertSettings.ReportsStopped quiet = AlertSettings.from(set).reportsStopped();
    byDefault.validate();
    set.validate();

    assertThat(defaults.after("any.example")).isEqualTo(java.time.Duration.ofDays(2));
    assertThat(quiet.after("other.example")).isEqualTo(java.time.Duration.ofDays(3));
    assertThat(quiet.after("weekly.example")).isEqualTo(java.time.Duration.ofDays(10));
    assertThat(quiet.after("Parked.Example")).isZero();
    assertThat(quiet.longest()).isEqualTo(java.time.Duration.ofDays(10));
  }

  @Test
  void aNegativeOrUnreadableQuietPeriodShouldBeRefused() {
    Settings settings = Settings.of(Map.of(
        "dmarc.alerts.reports-stopped-after", "-P1D",
        "dmarc.alerts.reports-stopped-after.weekly.example", "a week"));

    AlertSettings.from(settings);

    assertThatThrownBy(settings::validate)
        .hasMessageContaining("dmarc.alerts.reports-stopped-after must not be negative")
        .hasMessageContaining("dmarc.alerts.reports-stopped-after.weekly.example must be an ISO-8601 duration");
  }

  @Test
  void aConditionShouldHaveToHoldForOneIntervalUnlessPendingForSaysOtherwise() throws Exception {
    Settings byDefault = Settings.of(Map.of("dmarc.alerts.interval", "PT2M"));
    Settings set = Settings.of(Map.of("dmarc.alerts.interval", "PT2M", "dmarc.alerts.pending-for", "PT0S"));

    assertThat(AlertSettings.from(byDefault).pendingFor()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(AlertSettings.from(set).pendingFor()).isZero();
    byDefault.validate();
    set.validate();
  }

  @Test
  void aNegativePendingTimeShouldBeRefused() {
    Settings settings = Settings.of(Map.of("dmarc.alerts.pending-for", "-PT5M"));

    AlertSettings.from(settings);

    assertThatThrownBy(settings::validate).isInstanceOf(ConfigException.class)
        .hasMessageContaining("dmarc.alerts.pending-for must not be negative");
  }

  @Test
  void aPerDomainShareOutOfRangeShouldBeRefused() {
    Settings settings = Settings.of(Map.of("dmarc.alerts.failure-share-percent.newsletter.example", "120"));

    AlertSettings.from(settings);

    assertThatThrownBy(settings::validate).isInstanceOf(ConfigException.class)
        .hasMessageContaining("dmarc.alerts.failure-share-percent.newsletter.example must be between 0 and 100");
  }

  @Test
  void aSlackWebhookShouldNeedNoKeyAndMayReadItsUrlFromAFileNeverRepeatingIt(@TempDir Path dir) throws Exception {
    Path url = Files.writeString(dir.resolve("slack-url"), "https://hooks.slack.example/services/T0/B0/SECRETTOKEN\n");
    Settings settings = Settings.of(Map.of("dmarc.alerts.webhook-url.file", url.toString(), "dmarc.alerts.webhook-format", "slack"));

    AlertSettings alerts = AlertSettings.from(settings);
    settings.validate();

    assertThat(alerts.webhook()).hasValueSatisfying(webhook -> {
      assertThat(webhook.format()).isEqualTo(AlertSettings.WebhookFormat.SLACK);
      assertThat(webhook.uri()).hasToString("https://hooks.slack.example/services/T0/B0/SECRETTOKEN");
      assertThat(webhook.key()).isEmpty();
    });
    assertThat(alerts.toString()).doesNotContain("SECRETTOKEN");
  }

  @Test
  void aWebhookInOurFormatShouldNeedAKeyAndAPlainHttpUrlOnlyFromASecretShouldNotBeEchoed(@TempDir Path dir) throws Exception {
    Path url = Files.writeString(dir.resolve("url"), "http://hooks.example/SECRETTOKEN");
    Settings settings = Settings.of(Map.of("dmarc.alerts.webhook-url.file", url.toString()));

    AlertSettings.from(settings);

    assertThatThrownBy(settings::validate).isInstanceOf(ConfigException.class)
        .hasMessageContaining("dmarc.alerts.webhook-url must be https unless it is on loopback")
        .hasMessageContaining("dmarc.alerts.webhook-key.env or .file is required")
        .message().doesNotContain("SECRETTOKEN");
  }

  @Test
  void anUnknownWebhookFormatShouldBeRefused() {
    Settings settings = Settings.of(Map.of("dmarc.alerts.webhook-url", "https://hooks.example/x", "dmarc.alerts.webhook-format", "teams"));

    AlertSettings.from(settings);

    assertThatThrownBy(settings::validate).isInstanceOf(ConfigException.class)
        .hasMessageContaining("dmarc.alerts.webhook-format must be json or slack, not teams");
  }
}
