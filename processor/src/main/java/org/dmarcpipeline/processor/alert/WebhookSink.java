package org.dmarcpipeline.processor.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dmarcpipeline.processor.config.AlertSettings;
import org.dmarcpipeline.schema.config.Secret;
import org.dmarcpipeline.schema.json.DmarcJson;

/**
 * POSTs each notification as JSON; retries with backoff. In our own format the body carries the
 * alert itself next to a one-line {@code text}; in Slack's it is a Block Kit message for an
 * incoming webhook. With a key, the body is signed with HMAC-SHA256 in {@code X-Dmarc-Signature:
 * sha256=HEX} so the receiver can tell it came from us (Slack does not check; its URL is the
 * secret).
 */
public final class WebhookSink implements AlertSink {

  public static final String SIGNATURE_HEADER = "X-Dmarc-Signature";

  private final URI url;
  private final Optional<Secret> key;
  private final AlertSettings.WebhookFormat format;
  private final int attempts;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public WebhookSink(URI url, Secret key, int attempts) {
    this(url, Optional.of(key), AlertSettings.WebhookFormat.JSON, attempts);
  }

  public WebhookSink(URI url, Optional<Secret> key, AlertSettings.WebhookFormat format, int attempts) {
    this.url = url;
    this.key = key;
    this.format = format;
    this.attempts = attempts;
  }

  @Override
  public void send(NotificationKind kind, Alert alert) throws IOException, InterruptedException {
    byte[] json = DmarcJson.encode(switch (format) {
      case JSON -> ownFormat(kind, alert);
      case SLACK -> SlackMessage.of(kind, alert);
    });
    HttpRequest.Builder builder = HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    key.ifPresent(k -> builder.header(SIGNATURE_HEADER, "sha256=" + sign(json, k.reveal())));
    HttpRequest request = builder.build();
    IOException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          return;
        }
        last = new IOException("webhook answered " + response.statusCode());
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(Math.min(8000, 250L << attempt));
    }
    throw last;
  }

  /** Our own notification JSON; package-visible so a test can pin its words. */
  static Map<String, Object> ownFormat(NotificationKind kind, Alert alert) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", "[" + kind.word() + "] " + alert.summary() + (alert.suggestedFix() == null ? "" : " Fix: " + alert.suggestedFix()));
    body.put("kind", kind);
    body.put("alert", alert);
    return body;
  }

  /** Hex HMAC-SHA256 of {@code body}: what a receiver recomputes to check the signature. */
  public static String sign(byte[] body, String key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is required of every JVM", e);
    }
  }
}
