package org.dmarcpipeline.ingest.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.dmarcpipeline.ingest.IngestService;
import org.dmarcpipeline.ingest.config.IngestConfig;
import org.dmarcpipeline.ingest.config.MailboxConfig;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Secret;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.generate.ReportMails;
import org.dmarcpipeline.testing.generate.ReportPacking;
import org.dmarcpipeline.testing.services.ImapClient;
import org.dmarcpipeline.testing.services.LocalDovecot;
import org.dmarcpipeline.testing.services.LocalImapServer;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TempDirs;
import org.dmarcpipeline.testing.services.TopicReader;
import org.dmarcpipeline.testing.services.TestCertificateAuthority;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ingest against Dovecot, a production IMAP server, next to GreenMail. */
class DovecotMailboxIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static LocalDovecot dovecot;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void startDovecot() {
    dovecot = LocalDovecot.start(LocalStack.ca());
  }

  @AfterAll
  static void stopDovecot() {
    dovecot.close();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
  }

  private static MailboxConfig mailbox(String name, String host, int port, String user, String password, Path trustStore) {
    return new MailboxConfig(name, host, port, MailboxConfig.TlsMode.IMAPS, user, Secret.of(password),
        Optional.of(trustStore), Optional.of(Secret.of(TestCertificateAuthority.STORE_PASSWORD)),
        "INBOX", "DMARC-Processed", "DMARC-Invalid", "DMARC-Quarantine", MailboxConfig.DEFAULT_MAX_MESSAGE_BYTES,
        Duration.ofMillis(300), 25);
  }

  @Test
  void oneProcessShouldDrainTwoMailboxesOnTwoServersAndDeduplicateTheSameReport() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String user = "rua-" + run + "@example.test";
    String password = "pw-" + run;
    dovecot.addUser(user, password);
    LocalImapServer greenmail = LocalStack.imap();
    greenmail.addUser(user, password);
    GreenMailAndDovecot both = new GreenMailAndDovecot(greenmail, user, password);
    open.add(both);
    GeneratedReport shared = new ReportGenerator(60).next(4, 60);
    GeneratedReport onlyDovecot = new ReportGenerator(61).next(3, 61);
    both.greenmail.append("INBOX", ReportMails.mail(shared, ReportPacking.ZIP, user));
    both.dovecot.append("INBOX", ReportMails.mail(shared, ReportPacking.GZIP, user));
    both.dovecot.append("INBOX", ReportMails.mail(onlyDovecot, ReportPacking.XML, user));
    Topics topics = Topics.DEFAULTS.withSuffix("-" + run);

    open.add(IngestService.start(new IngestConfig(
        List.of(
            mailbox("greenmail", greenmail.host(), greenmail.port(), user, password, greenmail.trustStore()),
            mailbox("dovecot", dovecot.host(), dovecot.port(), user, password, dovecot.trustStore())),
        KafkaConnection.plaintext(LocalStack.kafka().bootstrapServers()), topics)));

    await().atMost(WAIT).until(() -> both.greenmail.count("DMARC-Processed") == 1 && both.dovecot.count("DMARC-Processed") == 2);
    assertThat(keys(topics.records(), 11)).as("the shared report's rows once, whatever the packing").hasSize(7);
  }

  @Test
  void routeShouldProcessMailAPersonAlreadyRead_M8() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String user = "seen-" + run + "@example.test";
    dovecot.addUser(user, "pw");
    ImapClient imap = new ImapClient(dovecot.host(), dovecot.port(), dovecot.trustStore(), user, "pw");
    open.add(imap);
    imap.append("INBOX", ReportMails.mail(new ReportGenerator(62).next(2, 62), ReportPacking.ZIP, user));
    imap.markAllSeen("INBOX");
    Topics topics = Topics.DEFAULTS.withSuffix("-" + run);

    open.add(IngestService.start(new IngestConfig(
        List.of(mailbox("dovecot", dovecot.host(), dovecot.port(), user, "pw", dovecot.trustStore())),
        KafkaConnection.plaintext(LocalStack.kafka().bootstrapServers()), topics)));

    await().atMost(WAIT).until(() -> imap.count("DMARC-Processed") == 1);
    assertThat(keys(topics.records(), 2)).hasSize(2);
  }

  @Test
  void routeShouldNeverLogInWhenTheCertificateIsNotTrusted_T1() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String user = "untrusted-" + run + "@example.test";
    dovecot.addUser(user, "pw-" + run);
    ImapClient imap = new ImapClient(dovecot.host(), dovecot.port(), dovecot.trustStore(), user, "pw-" + run);
    open.add(imap);
    imap.append("INBOX", ReportMails.mail(new ReportGenerator(63).next(2, 63), ReportPacking.XML, user));
    Path otherDir = TempDirs.create("dmarc-other-ca-");
    open.add(() -> TempDirs.deleteQuietly(otherDir));
    Path otherTrust = TestCertificateAuthority.create(otherDir).trustStore();

    open.add(IngestService.start(new IngestConfig(
        List.of(mailbox("dovecot", dovecot.host(), dovecot.port(), user, "pw-" + run, otherTrust)),
        KafkaConnection.plaintext(LocalStack.kafka().bootstrapServers()), Topics.DEFAULTS.withSuffix("-" + run))));

    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> imap.count("INBOX") == 1);
    // Dovecot logs each login by user name: the handshake failed before any credential was sent
    long logins = dovecot.log().lines().filter(l -> l.contains("Login: user=<" + user + ">")).count();
    assertThat(logins).as("only the test's own client logged in").isEqualTo(1);
  }

  private static Set<String> keys(String topic, int expectedRecords) {
    TopicReader reader = new TopicReader(LocalStack.kafka().bootstrapServers());
    await().atMost(WAIT).until(() -> reader.endOffsetSum(topic) >= expectedRecords);
    return reader.keys(topic, WAIT);
  }

  /** Test clients of both servers, closed together. */
  private record GreenMailAndDovecot(ImapClient greenmail, ImapClient dovecot) implements AutoCloseable {
    GreenMailAndDovecot(LocalImapServer server, String user, String password) throws Exception {
      this(new ImapClient(server.host(), server.port(), server.trustStore(), user, password),
          new ImapClient(DovecotMailboxIT.dovecot.host(), DovecotMailboxIT.dovecot.port(), DovecotMailboxIT.dovecot.trustStore(), user, password));
    }

    @Override
    public void close() throws Exception {
      greenmail.close();
      dovecot.close();
    }
  }
}
