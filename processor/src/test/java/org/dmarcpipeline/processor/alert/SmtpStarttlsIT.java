package org.dmarcpipeline.processor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmarcpipeline.processor.config.SmtpSettings;
import org.dmarcpipeline.schema.config.Secret;
import org.dmarcpipeline.testing.services.LocalPostfix;
import org.dmarcpipeline.testing.services.TempDirs;
import org.dmarcpipeline.testing.services.TestCertificateAuthority;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alert mail through a real mail server that offers STARTTLS (Postfix from Debian, which {@code
 * bin/dmarc test} installs): delivered after the upgrade, never to a server whose certificate is
 * from another CA or names another host.
 */
class SmtpStarttlsIT {

  private static Path dir;
  private static TestCertificateAuthority ca;
  private static LocalPostfix postfix;

  @BeforeAll
  static void start() {
    dir = TempDirs.create("smtp-starttls");
    ca = TestCertificateAuthority.create(dir);
    postfix = LocalPostfix.start(ca, "localhost");
  }

  @AfterAll
  static void stop() {
    postfix.close();
    TempDirs.deleteQuietly(dir);
  }

  private static SmtpSink sink(String host, Path truststore) throws Exception {
    return new SmtpSink(new SmtpSettings(host, postfix.port(), SmtpSettings.Tls.STARTTLS, Optional.of(truststore),
        Optional.of(Secret.of(TestCertificateAuthority.STORE_PASSWORD)), Optional.empty(), Optional.empty(),
        "alerts@pipeline.example", Map.of("owned.example", List.of("owner@owned.example"), "*", List.of("oncall@pipeline.example"))));
  }

  private static Alert alert(String domain) {
    Instant now = Instant.parse("2026-11-29T12:00:00Z");
    return new Alert("dmarc_failure_share:" + domain, RuleId.DMARC_FAILURE_SHARE, domain, "share", AlertStatus.OPEN, now, now, now,
        now.minusSeconds(86400), now, Map.of("failures", 300, "messages", 1200),
        domain + ": 25.0% of 1200 messages failed DMARC", "check the failing sources", List.of());
  }

  @Test
  void alertMailShouldBeDeliveredAfterStarttls() throws Exception {
    int before = postfix.delivered().size();

    sink("localhost", ca.trustStore()).send(NotificationKind.OPENED, alert("owned.example"));

    await().atMost(Duration.ofSeconds(30)).until(() -> postfix.delivered().size() == before + 1);
    String mail = postfix.delivered().get(before);
    assertThat(mail).contains("Subject: [DMARC opened] owned.example: 25.0% of 1200 messages failed DMARC")
        .contains("To: owner@owned.example");
    assertThat(postfix.log()).containsPattern("TLS connection established from localhost\\[127\\.0\\.0\\.1\\]: TLSv1\\.[23]");
  }

  @Test
  void aServerCertificateFromAnotherCaShouldBeRefused() throws Exception {
    TestCertificateAuthority stranger = TestCertificateAuthority.create(Files.createDirectories(dir.resolve("stranger")));
    int before = postfix.delivered().size();

    assertThatThrownBy(() -> sink("localhost", stranger.trustStore()).send(NotificationKind.OPENED, alert("owned.example")))
        .hasStackTraceContaining("javax.net.ssl.SSLHandshakeException");
    Thread.sleep(1000);
    assertThat(postfix.delivered()).hasSize(before);
  }

  @Test
  void aServerCertificateForAnotherHostShouldBeRefused() throws Exception {
    int before = postfix.delivered().size();

    // the certificate names "localhost" only
    assertThatThrownBy(() -> sink("127.0.0.1", ca.trustStore()).send(NotificationKind.OPENED, alert("owned.example")))
        .hasStackTraceContaining("javax.net.ssl.SSLHandshakeException").hasStackTraceContaining("127.0.0.1");
    Thread.sleep(1000);
    assertThat(postfix.delivered()).hasSize(before);
  }
}
