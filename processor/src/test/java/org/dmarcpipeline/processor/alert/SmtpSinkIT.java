package org.dmarcpipeline.processor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.dmarcpipeline.processor.config.SmtpSettings;
import org.dmarcpipeline.schema.config.Secret;
import org.dmarcpipeline.testing.services.FreePorts;
import org.dmarcpipeline.testing.services.TempDirs;
import org.dmarcpipeline.testing.services.TestCertificateAuthority;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Alert mail through a real SMTP server (GreenMail) with a certificate from a throw-away CA. */
class SmtpSinkIT {

  private static Path dir;
  private static TestCertificateAuthority ca;
  private static GreenMail smtps;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    dir = TempDirs.create("smtp-sink");
    ca = TestCertificateAuthority.create(dir);
    // GreenMail reads its key store from JVM-wide properties once; no other GreenMail runs in this JVM
    System.setProperty("greenmail.tls.keystore.file", ca.serverKeyStore("smtp", "localhost", "127.0.0.1").toString());
    System.setProperty("greenmail.tls.keystore.password", TestCertificateAuthority.STORE_PASSWORD);
    System.setProperty("greenmail.tls.key.password", TestCertificateAuthority.STORE_PASSWORD);
    port = FreePorts.next();
    smtps = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
    smtps.setUser("alerts@pipeline.example", "alerts", "s3cret-smtp");
    smtps.start();
  }

  @AfterAll
  static void stop() {
    smtps.stop();
    TempDirs.deleteQuietly(dir);
  }

  private static Alert alert(String domain) {
    Instant now = Instant.parse("2026-11-29T12:00:00Z");
    return new Alert("dmarc_failure_share:" + domain, RuleId.DMARC_FAILURE_SHARE, domain, "share", AlertStatus.OPEN, now, now, now,
        now.minusSeconds(86400), now, Map.of("failures", 300, "messages", 1200),
        domain + ": 25.0% of 1200 messages failed DMARC", "check the failing sources", List.of());
  }

  private static SmtpSink sink(int port, SmtpSettings.Tls tls, Path truststore) throws Exception {
    return new SmtpSink(new SmtpSettings("localhost", port, tls, Optional.of(truststore),
        Optional.of(Secret.of(TestCertificateAuthority.STORE_PASSWORD)), Optional.of("alerts"), Optional.of(Secret.of("s3cret-smtp")),
        "alerts@pipeline.example",
        Map.of("owned.example", List.of("owner@owned.example"), "*", List.of("oncall@pipeline.example"))));
  }

  @Test
  void alertMailShouldReachTheDomainsRecipientsOverVerifiedTls() throws Exception {
    SmtpSink sink = sink(port, SmtpSettings.Tls.IMPLICIT, ca.trustStore());

    sink.send(NotificationKind.OPENED, alert("owned.example"));
    sink.send(NotificationKind.OPENED, alert("other.example"));

    MimeMessage[] received = smtps.getReceivedMessages();
    assertThat(received).hasSize(2);
    assertThat(received[0].getAllRecipients()).extracting(Object::toString).containsExactly("owner@owned.example");
    assertThat(received[0].getSubject()).isEqualTo("[DMARC opened] owned.example: 25.0% of 1200 messages failed DMARC");
    assertThat((String) received[0].getContent()).contains("failures: 300").contains("suggested fix: check the failing sources");
    assertThat(received[1].getAllRecipients()).extracting(Object::toString).containsExactly("oncall@pipeline.example");
  }

  @Test
  void aServerCertificateFromAnotherCaShouldBeRefused() throws Exception {
    TestCertificateAuthority stranger = TestCertificateAuthority.create(Files.createDirectories(dir.resolve("stranger")));
    SmtpSink sink = sink(port, SmtpSettings.Tls.IMPLICIT, stranger.trustStore());
    int before = smtps.getReceivedMessages().length;

    assertThatThrownBy(() -> sink.send(NotificationKind.OPENED, alert("owned.example")))
        .hasCauseInstanceOf(SSLException.class).rootCause().hasMessageContaining("unable to find valid certification path");
    assertThat(smtps.getReceivedMessages()).hasSize(before);
  }

  @Test
  void aServerWithoutStarttlsShouldGetNothing() throws Exception {
    int plainPort = FreePorts.next();
    GreenMail plain = new GreenMail(new ServerSetup(plainPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    plain.start();
    try {
      SmtpSink sink = sink(plainPort, SmtpSettings.Tls.STARTTLS, ca.trustStore());

      assertThatThrownBy(() -> sink.send(NotificationKind.OPENED, alert("owned.example"))).hasMessageContaining("STARTTLS is required but host does not support STARTTLS");
      assertThat(plain.getReceivedMessages()).isEmpty();
    } finally {
      plain.stop();
    }
  }
}
