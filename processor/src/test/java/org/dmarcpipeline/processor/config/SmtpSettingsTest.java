package org.dmarcpipeline.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.dmarcpipeline.schema.config.ConfigException;
import org.dmarcpipeline.schema.config.Settings;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {

  @Test
  void noHostShouldMeanNoMail() {
    assertThat(SmtpSettings.from(Settings.of(Map.of()))).isEmpty();
  }

  @Test
  void recipientsShouldBeReadPerDomainWithTheRestForEveryone() throws Exception {
    Settings settings = Settings.of(Map.of(
        "dmarc.alerts.smtp.host", "smtp.example.net",
        "dmarc.alerts.smtp.tls", "starttls",
        "dmarc.alerts.smtp.from", "dmarc@example.net",
        "dmarc.alerts.smtp.to", "oncall@example.net",
        "dmarc.alerts.smtp.to.shop.example", "owner@shop.example, mail-team@shop.example"));

    SmtpSettings smtp = SmtpSettings.from(settings).orElseThrow();
    settings.validate();

    assertThat(smtp.port()).isEqualTo(587);
    assertThat(smtp.tls()).isEqualTo(SmtpSettings.Tls.STARTTLS);
    assertThat(smtp.recipients()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "*", List.of("oncall@example.net"), "shop.example", List.of("owner@shop.example", "mail-team@shop.example")));
  }

  @Test
  void plainTextMailOrNoRecipientsShouldBeRefused() {
    Settings settings = Settings.of(Map.of(
        "dmarc.alerts.smtp.host", "smtp.example.net", "dmarc.alerts.smtp.tls", "none", "dmarc.alerts.smtp.from", "dmarc@example.net"));

    SmtpSettings.from(settings);

    assertThatThrownBy(settings::validate).isInstanceOf(ConfigException.class)
        .hasMessageContaining("implicit or starttls").hasMessageContaining("dmarc.alerts.smtp.to");
  }
}
