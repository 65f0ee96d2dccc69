package org.dmarcpipeline.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.dmarcpipeline.schema.config.ConfigException;
import org.dmarcpipeline.schema.config.Settings;
import org.junit.jupiter.api.Test;

/** The poll interval must hold the poll loop's slowest turn (case K4). */
class ProcessorConfigTest {

  private static Map<String, String> with(String... pairs) {
    Map<String, String> values = new java.util.HashMap<>(Map.of(
        "dmarc.kafka.bootstrap-servers", "127.0.0.1:9092",
        "dmarc.kafka.security-protocol", "PLAINTEXT",
        "dmarc.elasticsearch.url", "http://127.0.0.1:9200",
        "dmarc.dns.servers", "127.0.0.1:53"));
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], pairs[i + 1]);
    }
    return values;
  }

  @Test
  void defaultsShouldLeaveTheGroupsPollIntervalRoomForDnsAndBulk_K4() throws Exception {
    ProcessorConfig config = ProcessorConfig.from(Settings.of(with()));

    assertThat(config.maxPollInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.dns().pollBudget()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.pollIntervalProblem()).isEmpty();
  }

  @Test
  void aPollBudgetThatCouldOutlastThePollIntervalShouldBeRefusedAtStart_K4() {
    Settings settings = Settings.of(with(
        "dmarc.kafka.client.max.poll.interval.ms", "60000", "dmarc.dns.poll-budget", "PT50S"));

    assertThatThrownBy(() -> ProcessorConfig.from(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("dmarc.kafka.client.max.poll.interval.ms (60000) must be longer than")
        .hasMessageContaining("PT1M26S");
  }

  @Test
  void aShorterPollIntervalShouldBeTakenWhenItHoldsTheLoopsWork() throws Exception {
    ProcessorConfig config = ProcessorConfig.from(Settings.of(with(
        "dmarc.kafka.client.max.poll.interval.ms", "20000", "dmarc.dns.poll-budget", "PT2S", "dmarc.dns.timeout", "PT1S",
        "dmarc.dns.retries", "0", "dmarc.elasticsearch.timeout", "PT10S")));

    assertThat(config.maxPollInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.dns().longestPerPoll()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aPollBudgetOfNothingShouldBeRefused() {
    assertThatThrownBy(() -> ProcessorConfig.from(Settings.of(with("dmarc.dns.poll-budget", "PT0S"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("dmarc.dns.poll-budget must be positive");
  }
}
