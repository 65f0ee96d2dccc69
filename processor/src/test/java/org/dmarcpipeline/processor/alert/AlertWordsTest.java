package org.dmarcpipeline.processor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dmarcpipeline.processor.config.AlertSettings;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.junit.jupiter.api.Test;

/**
 * The words alerts are stored and sent with: the alerts index, the alerts topic, webhook receivers
 * and mail readers know them, so they are pinned here byte for byte.
 */
class AlertWordsTest {

  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  /** {@link #alert} as JSON, with {@code undelivered} left to fill in. */
  private static final String ALERT_JSON = "{\"domain\":\"example.com\",\"figures\":{\"messages\":40,\"network\":\"192.0.2.0/24\"},\"first_seen\":\"2026-11-30T09:00:00Z\",\"id\":\"a1\",\"last_seen\":\"2026-11-30T10:00:00Z\",\"notified_at\":\"2026-11-30T10:00:00Z\",\"rule\":\"source_change\",\"status\":\"resolved\",\"subject\":\"new:192.0.2.0/24\",\"suggested_fix\":\"authorize it\",\"summary\":\"resolved: example.com: new source 192.0.2.0/24\",\"undelivered\":%s,\"window_end\":\"2026-11-30T10:00:00Z\",\"window_start\":\"2026-11-29T10:00:00Z\"}";

  private static Alert alert(List<UndeliveredNotification> undelivered) {
    return new Alert("a1", RuleId.SOURCE_CHANGE, "example.com", "new:192.0.2.0/24", AlertStatus.RESOLVED, NOW.minusSeconds(3600), NOW, NOW,
        NOW.minusSeconds(86_400), NOW, new TreeMap<>(Map.of("messages", 40, "network", "192.0.2.0/24")),
        "resolved: example.com: new source 192.0.2.0/24", "authorize it", undelivered);
  }

  @Test
  void storedAlertShouldKeepItsRuleStatusAndUndeliveredWords() {
    Alert alert = alert(List.of(new UndeliveredNotification(NotificationKind.REMINDER, "SmtpSink"),
        new UndeliveredNotification(NotificationKind.OPENED, "WebhookSink")));

    String json = DmarcJson.encodeToString(alert);

    assertThat(json).isEqualTo(ALERT_JSON.formatted("[\"reminder:SmtpSink\",\"opened:WebhookSink\"]"));
    assertThat(DmarcJson.mapper().convertValue(DmarcJson.mapper().convertValue(alert, Map.class), Alert.class)).isEqualTo(alert);
  }

  @Test
  void undeliveredNotificationShouldReadBackFromItsStoredForm() {
    var notification = new UndeliveredNotification(NotificationKind.RESOLVED, "KafkaAlertSink");

    assertThat(notification.stored()).isEqualTo("resolved:KafkaAlertSink");
    assertThat(notification).hasToString("resolved:KafkaAlertSink");
    assertThat(UndeliveredNotification.parse("resolved:KafkaAlertSink")).isEqualTo(notification);
    assertThat(UndeliveredNotification.parse("opened:a:b")).isEqualTo(new UndeliveredNotification(NotificationKind.OPENED, "a:b"));
  }

  @Test
  void undeliveredNotificationShouldRejectWhatWasNeverStored() {
    assertThatThrownBy(() -> UndeliveredNotification.parse("WebhookSink")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UndeliveredNotification.parse("OPENED:WebhookSink")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void notificationKindsShouldKeepTheirWords() {
    assertThat(NotificationKind.values()).extracting(NotificationKind::word).containsExactly("opened", "reminder", "resolved");
    assertThat(DmarcJson.encodeToString(NotificationKind.values())).isEqualTo("[\"opened\",\"reminder\",\"resolved\"]");
  }

  @Test
  void alertIdShouldStayTheHashOfTheRuleWordDomainAndSubject() {
    AlertCondition condition = new AlertCondition(RuleId.DMARC_FAILURE_SHARE, "example.com", "", NOW.minusSeconds(86_400), NOW,
        Map.of(), "summary", null);

    assertThat(condition.alertId()).isEqualTo("1aef84b87da21d5ef5b0c25073daa3e579bc9777da8f7247654b6da12aae4a86");
  }

  @Test
  void rulesShouldKeepTheirIds() {
    assertThat(List.of(new DmarcFailureShareRule(0.05, 1000, Duration.ofHours(24)).id(),
        new SourceChangeRule(Duration.ofHours(24), Duration.ofDays(30), new AlertSettings.Threshold(0.05, 1000, 100), Map.of()).id(),
        new DnsBreakageRule(Duration.ofHours(24)).id(), new ReportsStoppedRule(AlertSettings.ReportsStopped.DEFAULT, Duration.ofDays(7)).id()))
        .extracting(RuleId::word).containsExactly("dmarc_failure_share", "source_change", "dns_breakage", "reports_stopped");
  }

  @Test
  void kafkaNotificationShouldCarryTheKindWordInBodyAndHeader() throws Exception {
    var producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    new KafkaAlertSink(producer, "dmarc-alerts").send(NotificationKind.REMINDER, alert(List.of()));

    var sent = producer.history().getFirst();
    assertThat(new String(sent.value(), StandardCharsets.UTF_8)).isEqualTo("{\"kind\":\"reminder\",\"alert\":" + ALERT_JSON.formatted("[]") + "}");
    assertThat(sent.headers().lastHeader("dmarc-alert-kind").value()).asString(StandardCharsets.UTF_8).isEqualTo("reminder");
  }

  @Test
  void webhookNotificationShouldCarryTheKindWordInKindAndText() {
    String json = DmarcJson.encodeToString(WebhookSink.ownFormat(NotificationKind.RESOLVED, alert(List.of())));

    assertThat(json).isEqualTo("{\"text\":\"[resolved] resolved: example.com: new source 192.0.2.0/24 Fix: authorize it\",\"kind\":\"resolved\",\"alert\":"
        + ALERT_JSON.formatted("[]") + "}");
  }

  @Test
  void mailShouldNameTheKindAndRuleByTheirWords() {
    assertThat(SmtpSink.body(NotificationKind.OPENED, alert(List.of()))).isEqualTo("""
        resolved: example.com: new source 192.0.2.0/24 (opened)

        domain: example.com
        rule: source_change
        window: 2026-11-29T10:00:00Z to 2026-11-30T10:00:00Z
        figures:
          messages: 40
          network: 192.0.2.0/24
        suggested fix: authorize it

        alert id: a1
        """);
  }
}
