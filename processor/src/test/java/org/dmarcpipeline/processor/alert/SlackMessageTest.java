package org.dmarcpipeline.processor.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.junit.jupiter.api.Test;

class SlackMessageTest {

  private static Alert alert(Map<String, Object> figures, String summary, String fix) {
    Instant now = Instant.parse("2026-11-30T10:00:00Z");
    return new Alert("a1", RuleId.DMARC_FAILURE_SHARE, "example.com", "", AlertStatus.OPEN, now, now, now, now.minusSeconds(86_400), now,
        figures, summary, fix, List.of());
  }

  private static JsonNode json(NotificationKind kind, Alert alert) throws Exception {
    return DmarcJson.mapper().readTree(DmarcJson.encode(SlackMessage.of(kind, alert)));
  }

  @Test
  void messageShouldNameTheDomainAndCarrySummaryFiguresAndFixAsBlocks() throws Exception {
    JsonNode message = json(NotificationKind.OPENED, alert(Map.of("messages", 2000, "share", 0.3),
        "example.com: 30.0% of 2000 messages failed DMARC", "authorize 192.0.2.7 in the SPF record of example.com"));

    assertThat(message.get("text").asText()).isEqualTo("[opened] example.com: 30.0% of 2000 messages failed DMARC");
    JsonNode blocks = message.get("blocks");
    assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
    assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo("DMARC alert: example.com");
    assertThat(blocks.get(1).get("text").get("text").asText()).isEqualTo("example.com: 30.0% of 2000 messages failed DMARC");
    assertThat(blocks.get(2).get("fields").findValuesAsText("text"))
        .contains("*Rule*\ndmarc_failure_share", "*messages*\n2000", "*share*\n0.3");
    assertThat(blocks.get(3).get("text").get("text").asText()).isEqualTo("*Suggested fix:* authorize 192.0.2.7 in the SPF record of example.com");
    assertThat(blocks.get(4).get("type").asText()).isEqualTo("context");
  }

  @Test
  void markupCharactersShouldBeEscapedAndLongTextsCutToSlacksLimits() throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      figures.put("figure" + i, "x".repeat(3000));
    }
    JsonNode message = json(NotificationKind.RESOLVED, alert(figures, "<script> & " + "y".repeat(4000), null));

    JsonNode blocks = message.get("blocks");
    String summary = blocks.get(1).get("text").get("text").asText();
    assertThat(summary).startsWith("&lt;script&gt; &amp; ").hasSize(SlackMessage.SECTION_MAX);
    JsonNode fields = blocks.get(2).get("fields");
    assertThat(fields).hasSize(2 + SlackMessage.FIGURES_MAX);
    fields.forEach(field -> assertThat(field.get("text").asText().length()).isLessThanOrEqualTo(SlackMessage.FIELD_MAX));
    assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo("DMARC alert resolved: example.com");
    assertThat(blocks).hasSize(4).noneMatch(block -> block.path("text").path("text").asText().startsWith("*Suggested fix:*"));
  }
}
