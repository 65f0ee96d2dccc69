package org.dmarcpipeline.ingest.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.dmarcpipeline.ingest.config.MailboxConfig;
import org.dmarcpipeline.schema.config.Secret;
import org.junit.jupiter.api.Test;

class ImapSecurityTest {

  private static MailboxConfig mailbox(MailboxConfig.TlsMode tls) {
    return new MailboxConfig("m", "imap.example.net", 993, tls, "u", Secret.of("p"), Optional.empty(), Optional.empty(),
        "INBOX", "Done", "Invalid", "Quarantine", MailboxConfig.DEFAULT_MAX_MESSAGE_BYTES, Duration.ofSeconds(30), 25);
  }

  @Test
  void startShouldFailWhenAJvmWideMailTrustOverrideIsSet_T6() {
    Properties system = new Properties();
    system.setProperty("mail.imaps.ssl.trust", "*");

    assertThatThrownBy(() -> StartupChecks.run(system))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mail.imaps.ssl.trust");
  }

  @Test
  void sessionPropertiesShouldVerifyHostAndRequireModernTls() {
    Properties props = ImapSecurity.javaMailProperties(mailbox(MailboxConfig.TlsMode.IMAPS));

    assertThat(props)
        .containsEntry("mail.imaps.ssl.checkserveridentity", "true")
        .containsEntry("mail.imaps.ssl.protocols", "TLSv1.3 TLSv1.2")
        .containsEntry("mail.debug.auth", "false")
        .containsKeys("mail.imaps.connectiontimeout", "mail.imaps.timeout", "mail.imaps.writetimeout")
        .doesNotContainKey("mail.imaps.ssl.trust");
  }

  @Test
  void starttlsShouldBeRequiredNotMerelyEnabled_T3() {
    Properties props = ImapSecurity.javaMailProperties(mailbox(MailboxConfig.TlsMode.STARTTLS));

    assertThat(props).containsEntry("mail.imap.starttls.enable", "true").containsEntry("mail.imap.starttls.required", "true");
    assertThat(ImapSecurity.protocol(mailbox(MailboxConfig.TlsMode.STARTTLS))).isEqualTo("imap");
  }

  @Test
  void productionCodeShouldContainNoTrustAllSwitch_T8() throws Exception {
    List<String> forbidden = List.of("DummyTrustManager", "insecureSSLContext", "ssl.trust\", \"*", "checkserveridentity\", \"false", "X509TrustManager");
    Path root = Path.of("..").toAbsolutePath().normalize();
    try (Stream<Path> sources = Files.walk(root)) {
      List<Path> mainSources = sources
          .filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/main/"))
          .filter(p -> !p.toString().contains("/target/"))
          .toList();
      assertThat(mainSources).isNotEmpty();
      for (Path source : mainSources) {
        String text = Files.readString(source);
        for (String word : forbidden) {
          assertThat(text).as(source + " must not contain " + word).doesNotContain(word);
        }
      }
    }
  }
}
