package org.dmarcpipeline.ingest.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.dmarcpipeline.ingest.IngestService;
import org.dmarcpipeline.ingest.config.IngestConfig;
import org.dmarcpipeline.ingest.config.MailboxConfig;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Secret;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.generate.ReportMails;
import org.dmarcpipeline.testing.generate.ReportPacking;
import org.dmarcpipeline.testing.services.ImapClient;
import org.dmarcpipeline.testing.services.LocalImapServer;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TempDirs;
import org.dmarcpipeline.testing.services.TestCertificateAuthority;
import org.junit.jupiter.api.Test;

/** Case T7: a canary password appears nowhere in what ingest logs, in success or failure. */
class SecretsInLogsIT {

  @Test
  void passwordShouldNeverAppearInLogsWhetherPollsSucceedOrFail_T7() throws Exception {
    String canary = "canary-" + UUID.randomUUID();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String user = "t7-" + run + "@example.test";
    LocalImapServer server = LocalStack.imap();
    server.addUser(user, canary);
    Path otherDir = TempDirs.create("dmarc-other-ca-");
    Path untrusted = TestCertificateAuthority.create(otherDir).trustStore();
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    try (ImapClient imap = new ImapClient(server.host(), server.port(), server.trustStore(), user, canary)) {
      imap.append("INBOX", ReportMails.mail(new ReportGenerator(70).next(2, 70), ReportPacking.ZIP, user));
      imap.append("INBOX", ReportMails.mail("s", user, "r.xml", "text/xml", "<feedback><oops>".getBytes()));
      System.setErr(capture);
      System.setOut(capture);
      MailboxConfig good = config("good", server, user, canary, server.trustStore());
      MailboxConfig bad = config("bad", server, user + ".nobody", canary, untrusted);
      try (IngestService ingest = IngestService.start(new IngestConfig(List.of(good, bad),
          KafkaConnection.plaintext(LocalStack.kafka().bootstrapServers()), Topics.DEFAULTS.withSuffix("-" + run)))) {
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60))
            .until(() -> imap.count("DMARC-Processed") == 1 && imap.count("DMARC-Invalid") == 1);
      }
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
      TempDirs.deleteQuietly(otherDir);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).as("something was logged, so the check means something").contains("dead-lettered").contains("PKIX");
    assertThat(logs).doesNotContain(canary);
  }

  private static MailboxConfig config(String name, LocalImapServer server, String user, String password, Path trustStore) {
    return new MailboxConfig(name, server.host(), server.port(), MailboxConfig.TlsMode.IMAPS, user, Secret.of(password),
        Optional.of(trustStore), Optional.of(Secret.of(TestCertificateAuthority.STORE_PASSWORD)),
        "INBOX", "DMARC-Processed", "DMARC-Invalid", "DMARC-Quarantine", MailboxConfig.DEFAULT_MAX_MESSAGE_BYTES,
        Duration.ofMillis(300), 25);
  }
}
