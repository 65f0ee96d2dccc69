package org.dmarcpipeline.processor.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A notification as a Slack message (Block Kit) for an incoming webhook: a header naming the
 * domain, the summary, the rule, window and figures as fields, the suggested fix. {@code text} is
 * what Slack shows where blocks cannot be shown (phone notifications). Texts are escaped as Slack
 * requires ({@code & < >}) and cut to its limits, so a long source list cannot get a message
 * refused.
 */
final class SlackMessage {

  static final int HEADER_MAX = 150;
  static final int SECTION_MAX = 3000;
  static final int FIELD_MAX = 2000;
  /** Slack takes at most 10 fields in a section; two are rule and window. */
  static final int FIGURES_MAX = 8;

  private SlackMessage() {}

  static Map<String, Object> of(NotificationKind kind, Alert alert) {
    List<Object> blocks = new ArrayList<>();
    blocks.add(Map.of("type", "header", "text", plain(cut(title(kind) + ": " + alert.domain(), HEADER_MAX))));
    blocks.add(Map.of("type", "section", "text", mrkdwn(cut(escape(alert.summary()), SECTION_MAX))));
    List<Object> fields = new ArrayList<>();
    fields.add(mrkdwn(cut("*Rule*\n" + escape(alert.rule().word()), FIELD_MAX)));
    fields.add(mrkdwn(cut("*Window*\n" + alert.windowStart() + " to " + alert.windowEnd(), FIELD_MAX)));
    alert.figures().entrySet().stream().limit(FIGURES_MAX)
        .forEach(figure -> fields.add(mrkdwn(cut("*" + escape(figure.getKey()) + "*\n" + escape(String.valueOf(figure.getValue())), FIELD_MAX))));
    blocks.add(Map.of("type", "section", "fields", fields));
    if (alert.suggestedFix() != null && !alert.suggestedFix().isBlank()) {
      blocks.add(Map.of("type", "section", "text", mrkdwn(cut("*Suggested fix:* " + escape(alert.suggestedFix()), SECTION_MAX))));
    }
    blocks.add(Map.of("type", "context", "elements", List.of(mrkdwn("alert " + alert.id() + " · " + alert.status().word()))));
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("text", cut("[" + kind.word() + "] " + alert.summary(), SECTION_MAX));
    message.put("blocks", blocks);
    return message;
  }

  private static String title(NotificationKind kind) {
    return switch (kind) {
      case OPENED -> "DMARC alert";
      case REMINDER -> "DMARC alert still firing";
      case RESOLVED -> "DMARC alert resolved";
    };
  }

  /** Slack reads {@code & < >} as markup; everything else is literal text. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static Map<String, Object> plain(String text) {
    return Map.of("type", "plain_text", "text", text);
  }

  private static Map<String, Object> mrkdwn(String text) {
    return Map.of("type", "mrkdwn", "text", text);
  }
}
