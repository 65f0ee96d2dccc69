package org.dmarcpipeline.schema.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void validateShouldListEveryProblemWhenSeveralSettingsAreWrong() {
    Settings settings = Settings.of(Map.of("dmarc.kafka.security-protocol", "PLAINTEXT", "dmarc.kafka.bootstrap-servers", "kafka.example.net:9092", "n", "abc"));
    KafkaConnection.from(settings);
    settings.integer("n", 1, 0, 10);
    settings.required("dmarc.missing");

    assertThatThrownBy(settings::validate)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PLAINTEXT is only allowed for brokers on loopback")
        .hasMessageContaining("n must be a whole number")
        .hasMessageContaining("dmarc.missing is required (or DMARC_MISSING)");
  }

  @Test
  void environmentShouldOverrideThePropertiesFile() {
    Properties file = new Properties();
    file.setProperty("dmarc.kafka.bootstrap-servers", "file:9092");
    Settings settings = new Settings(file, name -> name.equals("DMARC_KAFKA_BOOTSTRAP_SERVERS") ? "env:9092" : null);

    assertThat(settings.required("dmarc.kafka.bootstrap-servers")).isEqualTo("env:9092");
  }

  @Test
  void clientTuningShouldPassButNeverTouchSecurityOrGuarantees_T8() {
    Settings settings = Settings.of(Map.of(
        "dmarc.kafka.bootstrap-servers", "kafka.example.net:9093",
        "dmarc.kafka.client.linger.ms", "20",
        "dmarc.kafka.client.ssl.endpoint.identification.algorithm", "",
        "dmarc.kafka.client.acks", "1"));
    KafkaConnection connection = KafkaConnection.from(settings);

    assertThat(connection.tuning()).containsEntry("linger.ms", "20");
    assertThatThrownBy(settings::validate)
        .hasMessageContaining("dmarc.kafka.client.ssl.endpoint.identification.algorithm cannot be set")
        .hasMessageContaining("dmarc.kafka.client.acks cannot be set");
  }

  @Test
  void plaintextShouldBeAcceptedWhenEveryBrokerIsOnLoopback() throws ConfigException {
    Settings settings = Settings.of(Map.of("dmarc.kafka.security-protocol", "PLAINTEXT", "dmarc.kafka.bootstrap-servers", "127.0.0.1:9092,localhost:9093,[::1]:9094"));
    KafkaConnection connection = KafkaConnection.from(settings);
    settings.validate();

    assertThat(connection.clientProperties()).containsEntry("security.protocol", "PLAINTEXT");
  }

  @Test
  void tlsShouldAlwaysVerifyBrokerHostNames_T2() throws ConfigException {
    Settings settings = Settings.of(Map.of("dmarc.kafka.bootstrap-servers", "kafka.example.net:9093"));
    KafkaConnection connection = KafkaConnection.from(settings);
    settings.validate();

    assertThat(connection.clientProperties())
        .containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.endpoint.identification.algorithm", "https");
  }

  @Test
  void secretShouldComeFromAFileAndNeverShowInToString_T7(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("password");
    Files.writeString(file, "canary-4711\n");
    Settings settings = Settings.of(Map.of("x.password.file", file.toString()));

    Secret secret = settings.secret("x.password").orElseThrow();

    assertThat(secret.reveal()).isEqualTo("canary-4711");
    assertThat(secret.toString()).doesNotContain("canary");
  }

  @Test
  void secretShouldBeAProblemWhenItsEnvironmentVariableIsUnset() {
    Settings settings = Settings.of(Map.of("x.password.env", "NOT_SET_ANYWHERE"));

    assertThat(settings.secret("x.password")).isEmpty();
    assertThatThrownBy(settings::validate).hasMessageContaining("environment variable NOT_SET_ANYWHERE is not set");
  }
}
