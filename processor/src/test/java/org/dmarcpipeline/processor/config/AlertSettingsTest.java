package org.dmarcpipeline.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.dmarcpipeline.schema.config.ConfigException;
import org.dmarcpipeline.schema.config.Settings;
import org.junit.jupiter.api.Test;

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

    assertThat(alerts.defaultThreshold()).isEqualTo(new AlertSettings.Threshold(0.05, 1000));
    assertThat(alerts.thresholds()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "newsletter.example", new AlertSettings.Threshold(0.20, 1000),
        "small.example", new AlertSettings.Threshold(0.05, 50)));
  }

  @Test
  void aPerDomainShareOutOfRangeShouldBeRefused() {
    Settings settings = Settings.of(Map.of("dmarc.alerts.failure-share-percent.newsletter.example", "120"));

    AlertSettings.from(settings);

    assertThatThrownBy(settings::validate).isInstanceOf(ConfigException.class)
        .hasMessageContaining("dmarc.alerts.failure-share-percent.newsletter.example must be between 0 and 100");
  }
}
