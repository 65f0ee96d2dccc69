package org.dmarcpipeline.ingest.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dmarcpipeline.ingest.IngestService;
import org.dmarcpipeline.ingest.config.IngestConfig;
import org.dmarcpipeline.ingest.config.MailboxConfig;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Secret;
import org.dmarcpipeline.schema.deadletter.DeadLetterHeaders;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.generate.ReportMails;
import org.dmarcpipeline.testing.generate.ReportPacking;
import org.dmarcpipeline.testing.services.LocalImapServer;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TempDirs;
import org.dmarcpipeline.testing.services.TopicReader;
import org.dmarcpipeline.testing.services.TestCertificateAuthority;
import org.junit.jupiter.api.Test;

/** The mailbox routes against a real IMAPS server and a real Kafka broker. */
class MailboxRoutesIT extends MailboxFixture {

  private static final Duration WAIT = Duration.ofSeconds(60);


  @Override
  String userPrefix() {
    return "rua";
  }

  private MailboxConfig mailbox(java.nio.file.Path trustStore) {
    return mailbox(server.host(), trustStore, MailboxConfig.DEFAULT_MAX_MESSAGE_BYTES);
  }

  private MailboxConfig mailbox(String host, java.nio.file.Path trustStore, int maxMessageBytes) {
    return new MailboxConfig(
        "it", host, server.port(), MailboxConfig.TlsMode.IMAPS, user, Secret.of(password),
        Optional.of(trustStore), Optional.of(Secret.of(TestCertificateAuthority.STORE_PASSWORD)),
        "INBOX", "DMARC-Processed", "DMARC-Invalid", "DMARC-Quarantine", maxMessageBytes,
        Duration.ofMillis(300), 25);
  }

  private void startIngest(MailboxConfig mailbox) throws Exception {
    KafkaConnection kafka = KafkaConnection.plaintext(LocalStack.kafka().bootstrapServers());
    open.add(IngestService.start(new IngestConfig(List.of(mailbox), kafka, topics)));
  }

  @Test
  void routeShouldNotTouchMailWhenTheServerCertificateIsNotTrusted_T1() throws Exception {
    java.nio.file.Path otherDir = TempDirs.create("dmarc-other-ca-");
    open.add(() -> TempDirs.deleteQuietly(otherDir));
    TestCertificateAuthority otherCa = TestCertificateAuthority.create(otherDir);
    imap.append("INBOX", ReportMails.mail(new ReportGenerator(1).next(2, 1), ReportPacking.XML, user));

    startIngest(mailbox(otherCa.trustStore()));

    // several polls pass; the handshake must fail every time and nothing may move. GreenMail's
    // handler thread throws when the client aborts the handshake: expected, not a test failure.
    await().dontCatchUncaughtExceptions().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> imap.count("INBOX") == 1);
    assertThat(imap.exists("DMARC-Processed")).isFalse();
    assertThat(endOffsetSum(topics.records())).isZero();
  }

  @Test
  void routeShouldIgnoreSteeringHeadersWhenTheSenderSetsThem_M10() throws Exception {
    GeneratedReport report = new ReportGenerator(2).next(2, 2);
    String mail = new String(ReportMails.mail(report, ReportPacking.ZIP, user), StandardCharsets.ISO_8859_1);
    String hostile = "CamelMailMoveTo: Trash\r\nCamelMailCopyTo: Stolen\r\nCamelMailDelete: true\r\n"
        + "moveTo: Trash\r\nMoveTo: Trash2\r\ncopyTo: Stolen\r\ndelete: true\r\nCamelFileName: ../x\r\n" + mail;
    imap.append("INBOX", hostile.getBytes(StandardCharsets.ISO_8859_1));

    startIngest(mailbox(server.trustStore()));

    await().atMost(WAIT).until(() -> imap.count("DMARC-Processed") == 1);
    assertThat(imap.exists("Trash")).isFalse();
    assertThat(imap.exists("Trash2")).isFalse();
    assertThat(imap.exists("Stolen")).isFalse();
    assertThat(endOffsetSum(topics.records())).isEqualTo(2);
  }

  @Test
  void routeShouldLeaveTheMailWhenTheDeadLetterCannotBeWritten_M4() throws Exception {
    // a dead-letter topic that refuses every mail: the broker answers RecordTooLargeException
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", LocalStack.kafka().bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topics.deadLetter(), 1, (short) 1).configs(Map.of("max.message.bytes", "64"))))
          .all().get();
    }
    imap.append("INBOX", ReportMails.mail("s", user, "r.xml", "text/xml", "<feedback><oops>".getBytes()));

    startIngest(mailbox(server.trustStore()));

    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> imap.count("INBOX") == 1);
    assertThat(imap.count("DMARC-Invalid")).isZero();
  }

  @Test
  void routeShouldDeadLetterFirstAndThenMoveWhenTheMailIsPoison_M3() throws Exception {
    byte[] poison = ReportMails.mail("s", user, "r.xml", "text/xml", "<feedback><oops>".getBytes());
    imap.append("INBOX", poison);

    startIngest(mailbox(server.trustStore()));

    await().atMost(WAIT).until(() -> imap.count("DMARC-Invalid") == 1);
    ConsumerRecord<String, byte[]> deadLetter = readAll(topics.deadLetter()).get(0);
    assertThat(new String(deadLetter.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
        .startsWith("attachment r.xml: not well-formed XML");
    assertThat(deadLetter.value()).isEqualTo(poison);
    assertThat(imap.count("INBOX")).isZero();
  }

  @Test
  void routeShouldQuarantineUnreadAndDeadLetterWhenAMailIsOverTheSizeLimit_M13() throws Exception {
    GeneratedReport small = new ReportGenerator(5).next(2, 5);
    GeneratedReport large = new ReportGenerator(6).next(400, 6);
    imap.append("INBOX", ReportMails.mail(small, ReportPacking.GZIP, user));
    imap.append("INBOX", ReportMails.mail(large, ReportPacking.XML, user));

    startIngest(mailbox(server.host(), server.trustStore(), 128 * 1024));

    await().atMost(WAIT).until(() -> imap.count("DMARC-Quarantine") == 1 && imap.count("DMARC-Processed") == 1);
    assertThat(endOffsetSum(topics.records())).as("only the small report's rows").isEqualTo(2);
    ConsumerRecord<String, byte[]> deadLetter = readAll(topics.deadLetter()).get(0);
    assertThat(new String(deadLetter.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
        .contains("larger than the limit of 131072 bytes").contains("DMARC-Quarantine");
    assertThat(deadLetter.value()).as("the body was never read").isEmpty();
  }

  @Test
  void routeShouldNotConnectWhenTheCertificateNamesAnotherHost_T2() throws Exception {
    // same CA, but the server answers on 127.0.0.2 while its certificate names localhost and 127.0.0.1
    LocalImapServer otherAddress = LocalImapServer.start(LocalStack.ca(), "127.0.0.2", server.port());
    open.add(otherAddress);
    otherAddress.addUser(user, password);
    otherAddress.deliver(user, ReportMails.mail(new ReportGenerator(7).next(2, 7), ReportPacking.XML, user));

    startIngest(mailbox("127.0.0.2", server.trustStore(), MailboxConfig.DEFAULT_MAX_MESSAGE_BYTES));

    // were the host name not checked, ingest would log in, take the mail and empty the INBOX
    await().dontCatchUncaughtExceptions().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
        .until(() -> otherAddress.inboxMessages() == 1);
    assertThat(endOffsetSum(topics.records())).isZero();
  }

  @Test
  void mailShouldStayUntilKafkaAcceptsItsRecordsThenBeIngestedOnce_M1() throws Exception {
    // a records topic that refuses every record until its limit is raised: Kafka failing midway
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", LocalStack.kafka().bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topics.records(), 1, (short) 1).configs(Map.of("max.message.bytes", "64"))))
          .all().get();
    }
    GeneratedReport report = new ReportGenerator(80).next(5, 80);
    imap.append("INBOX", ReportMails.mail(report, ReportPacking.ZIP, user));

    startIngest(mailbox(server.trustStore()));

    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> imap.count("INBOX") == 1);
    assertThat(imap.exists("DMARC-Processed")).isFalse();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", LocalStack.kafka().bootstrapServers()))) {
      var resource = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topics.records());
      admin.incrementalAlterConfigs(Map.of(resource, List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
          new org.apache.kafka.clients.admin.ConfigEntry("max.message.bytes", "1048576"),
          org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)))).all().get();
    }
    await().atMost(WAIT).until(() -> imap.count("DMARC-Processed") == 1);
    assertThat(distinctKeys(topics.records())).isEqualTo(5);
  }

  @Test
  void routeShouldIngestBothWhenTwoDifferentReportsShareOneMessageId_M11() throws Exception {
    for (int i = 0; i < 2; i++) {
      String mail = new String(ReportMails.mail(new ReportGenerator(40 + i).next(3, 40 + i), ReportPacking.ZIP, user), StandardCharsets.ISO_8859_1)
          .replaceFirst("(?m)^Message-ID: .*$", "Message-ID: <same@reporter.example>");
      imap.append("INBOX", mail.getBytes(StandardCharsets.ISO_8859_1));
    }

    startIngest(mailbox(server.trustStore()));

    await().atMost(WAIT).until(() -> imap.count("DMARC-Processed") == 2);
    assertThat(endOffsetSum(topics.records())).isEqualTo(6);
  }

  @Test
  void routeShouldDrainABacklogInBoundedBatches_M12() throws Exception {
    int mails = 100;
    long rows = appendReports(mails, new ReportGenerator(50), 1, 3, 0);

    startIngest(mailbox(server.trustStore()));

    long start = System.nanoTime();
    await().atMost(Duration.ofMinutes(3)).until(() -> imap.count("DMARC-Processed") == mails);
    System.out.printf("M12: %d mails drained in %.1f s%n", mails, (System.nanoTime() - start) / 1e9);
    assertThat(imap.count("INBOX")).isZero();
    // a retried mail may write its records twice; the keys are what count
    assertThat(distinctKeys(topics.records())).isEqualTo(rows);
  }

  @Test
  void routeShouldPutEveryRowOfAReportOnOnePartitionAndSpreadReportsOverPartitions() throws Exception {
    int mails = 30;
    long rows = appendReports(mails, new ReportGenerator(20), 2, 5, 1000);

    startIngest(mailbox(server.trustStore()));

    await().atMost(Duration.ofMinutes(2)).until(() -> imap.count("DMARC-Processed") == mails);
    Map<String, Set<Integer>> partitionsOfReport = new HashMap<>();
    List<ConsumerRecord<String, byte[]>> records = readAll(topics.records());
    for (ConsumerRecord<String, byte[]> record : records) {
      String report = DmarcJson.decodeRecord(record.value()).reportKey();
      partitionsOfReport.computeIfAbsent(report, k -> new HashSet<>()).add(record.partition());
    }
    assertThat(records).hasSizeGreaterThanOrEqualTo((int) rows);
    assertThat(partitionsOfReport).hasSize(mails);
    assertThat(partitionsOfReport.values()).allSatisfy(partitions -> assertThat(partitions).hasSize(1));
    assertThat(partitionsOfReport.values().stream().flatMap(Set::stream).distinct().count())
        .as("reports spread over the topic's partitions").isGreaterThan(1);
  }

  @Test
  void routeShouldNeverLogInWhenTheServerOffersNoStarttls_T3() throws Exception {
    LocalImapServer plain = LocalImapServer.startWithoutTls(LocalStack.ca());
    open.add(plain);
    plain.addUser(user, password);
    plain.deliver(user, ReportMails.mail(new ReportGenerator(8).next(2, 8), ReportPacking.XML, user));
    MailboxConfig starttls = new MailboxConfig(
        "it", "localhost", plain.port(), MailboxConfig.TlsMode.STARTTLS, user, Secret.of(password),
        Optional.of(server.trustStore()), Optional.of(Secret.of(TestCertificateAuthority.STORE_PASSWORD)),
        "INBOX", "DMARC-Processed", "DMARC-Invalid", "DMARC-Quarantine", MailboxConfig.DEFAULT_MAX_MESSAGE_BYTES,
        Duration.ofMillis(300), 25);

    startIngest(starttls);

    // had the client fallen back to plain text it would have logged in and taken the mail
    await().dontCatchUncaughtExceptions().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
        .until(() -> plain.inboxMessages() == 1);
    assertThat(endOffsetSum(topics.records())).isZero();
  }

  private long endOffsetSum(String topic) {
    return new TopicReader(LocalStack.kafka().bootstrapServers()).endOffsetSum(topic);
  }

  private long distinctKeys(String topic) {
    return new TopicReader(LocalStack.kafka().bootstrapServers()).keys(topic, WAIT).size();
  }

  /**
   * Appends generated report mails to INBOX, mail {@code i} with {@code minRows + i % rowSpread}
   * rows, sequence {@code firstSequence + i}, packed each way in turn.
   *
   * @return the rows appended
   */
  private long appendReports(int mails, ReportGenerator generator, int minRows, int rowSpread, int firstSequence)
      throws Exception {
    long rows = 0;
    for (int i = 0; i < mails; i++) {
      GeneratedReport report = generator.next(minRows + i % rowSpread, firstSequence + i);
      rows += report.rows();
      imap.append("INBOX", ReportMails.mail(report, ReportPacking.values()[i % 3], user));
    }
    return rows;
  }

  private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    return new TopicReader(LocalStack.kafka().bootstrapServers()).records(topic, WAIT);
  }
}
