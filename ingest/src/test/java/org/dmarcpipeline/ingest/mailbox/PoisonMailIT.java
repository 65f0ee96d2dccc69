package org.dmarcpipeline.ingest.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dmarcpipeline.ingest.IngestService;
import org.dmarcpipeline.ingest.config.IngestConfig;
import org.dmarcpipeline.ingest.config.MailboxConfig;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Secret;
import org.dmarcpipeline.schema.deadletter.DeadLetterHeaders;
import org.dmarcpipeline.schema.unpack.UnpackLimits;
import org.dmarcpipeline.schema.xml.ReaderLimits;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.generate.ReportMails;
import org.dmarcpipeline.testing.generate.ReportPacking;
import org.dmarcpipeline.testing.services.ChildJvm;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TestCertificateAuthority;
import org.dmarcpipeline.testing.services.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Case M3 for mails that break the parser in ways it did not foresee, and M14's "the rest of the
 * batch proceeds": against the real IMAPS server and Kafka.
 */
class PoisonMailIT extends MailboxFixture {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path state;

  @Override
  String userPrefix() {
    return "poison";
  }

  @Test
  void mailsAfterAPoisonMailShouldBeIngestedWhenParsingItThrowsAnything_M3() throws Exception {
    ReportGenerator generator = new ReportGenerator(300);
    imap.append("INBOX", PoisonMails.seamed(generator.next(2, 1), "stack-overflow", user));
    imap.append("INBOX", PoisonMails.seamed(generator.next(2, 2), "runtime", user));
    imap.append("INBOX", PoisonMails.poisonNumber(generator.next(2, 3), user));
    GeneratedReport good = generator.next(4, 4);
    imap.append("INBOX", ReportMails.mail(good, ReportPacking.GZIP, user));

    startIngest();

    await().atMost(WAIT).until(() -> imap.count("DMARC-Invalid") == 3 && imap.count("DMARC-Processed") == 1);
    assertThat(imap.count("INBOX")).isZero();
    assertThat(distinctKeys(topics.records())).as("the good report's rows").isEqualTo(good.rows());
    List<String> reasons = reasons(readAll(topics.deadLetter()));
    assertThat(reasons).hasSize(3);
    assertThat(reasons).anySatisfy(r -> assertThat(r).contains("StackOverflowError"));
    assertThat(reasons).anySatisfy(r -> assertThat(r).contains("IllegalStateException: seam: unforeseen state"));
    // today an ArithmeticException from the mapper; once the reader validates numbers, its own reason
    assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("attachment poison.xml: "));
  }

  @Test
  void everyGoodMailShouldBeIngestedWhenThirtyPoisonMailsComeFirst_M3() throws Exception {
    ReportGenerator generator = new ReportGenerator(400);
    for (int i = 0; i < 30; i++) {
      GeneratedReport report = generator.next(2, i);
      imap.append("INBOX", i % 2 == 0 ? PoisonMails.poisonNumber(report, user) : PoisonMails.seamed(report, "runtime", user));
    }
    long rows = 0;
    for (int i = 0; i < 5; i++) {
      GeneratedReport good = generator.next(3, 100 + i);
      rows += good.rows();
      imap.append("INBOX", ReportMails.mail(good, ReportPacking.values()[i % 3], user));
    }

    startIngest();

    await().atMost(WAIT).until(() -> imap.count("DMARC-Invalid") == 30 && imap.count("DMARC-Processed") == 5);
    assertThat(imap.count("INBOX")).isZero();
    assertThat(distinctKeys(topics.records())).isEqualTo(rows);
    List<ConsumerRecord<String, byte[]>> deadLetters = readAll(topics.deadLetter());
    assertThat(deadLetters).as("one dead letter per poison mail, none resent").hasSize(30);
    assertThat(reasons(deadLetters)).allSatisfy(reason -> assertThat(reason).isNotBlank().doesNotContain("\n"));
  }

  @Test
  void aMailThatCrashesIngestShouldBeQuarantinedAfterThreeAttemptsAndTheNextIngested_M3() throws Exception {
    ReportGenerator generator = new ReportGenerator(500);
    imap.append("INBOX", PoisonMails.seamed(generator.next(2, 1), "crash", user));
    GeneratedReport good = generator.next(3, 2);
    imap.append("INBOX", ReportMails.mail(good, ReportPacking.ZIP, user));
    Path config = childConfig();

    for (int attempt = 1; attempt <= IngestConfig.DEFAULT_MAX_PARSE_ATTEMPTS; attempt++) {
      Process ingest = startChild(config, state.resolve("child-" + attempt + ".log"));
      await().atMost(WAIT).until(() -> !ingest.isAlive());
      assertThat(ingest.exitValue()).as("attempt %d died on the poison mail", attempt).isEqualTo(137);
      assertThat(imap.count("INBOX")).as("nothing moved after attempt %d", attempt).isEqualTo(2);
    }
    Process ingest = startChild(config, state.resolve("child-last.log"));
    try {
      await().atMost(WAIT).until(() -> imap.count("DMARC-Invalid") == 1 && imap.count("DMARC-Processed") == 1);
    } finally {
      ingest.destroyForcibly();
      ingest.waitFor();
    }
    assertThat(reasons(readAll(topics.deadLetter()))).containsExactly("parsing this mail crashed ingest 3 times");
    assertThat(distinctKeys(topics.records())).isEqualTo(good.rows());
  }

  private void startIngest() throws Exception {
    MailboxConfig mailbox = new MailboxConfig(
        "poison", server.host(), server.port(), MailboxConfig.TlsMode.IMAPS, user, Secret.of(password),
        Optional.of(server.trustStore()), Optional.of(Secret.of(TestCertificateAuthority.STORE_PASSWORD)),
        "INBOX", "DMARC-Processed", "DMARC-Invalid", "DMARC-Quarantine", MailboxConfig.DEFAULT_MAX_MESSAGE_BYTES,
        Duration.ofMillis(300), 25);
    KafkaConnection kafka = KafkaConnection.plaintext(LocalStack.kafka().bootstrapServers());
    IngestConfig config = new IngestConfig(List.of(mailbox), kafka, topics, ReaderLimits.DEFAULTS, UnpackLimits.DEFAULTS,
        state, IngestConfig.DEFAULT_MAX_PARSE_ATTEMPTS);
    open.add(IngestService.start(config, PoisonMails.seam()));
  }

  private Path childConfig() throws Exception {
    Properties config = IngestProcess.settings(server, user, topics);
    config.setProperty("dmarc.ingest.state-dir", state.resolve("ingest-state").toString());
    return IngestProcess.write(config, state.resolve("ingest.properties"));
  }

  private Process startChild(Path config, Path log) throws Exception {
    ProcessBuilder child = new ProcessBuilder(ChildJvm.command(List.of("-Xmx256m"), IngestProcess.class.getName(),
        config.toString(), "--poison-seam"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    child.environment().putAll(IngestProcess.secrets(password));
    return child.start();
  }

  private static List<String> reasons(List<ConsumerRecord<String, byte[]>> deadLetters) {
    return deadLetters.stream()
        .map(r -> new String(r.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
        .toList();
  }

  private long distinctKeys(String topic) {
    return new TopicReader(LocalStack.kafka().bootstrapServers()).keys(topic, Duration.ofSeconds(30)).size();
  }

  private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    return new TopicReader(LocalStack.kafka().bootstrapServers()).records(topic, Duration.ofSeconds(30));
  }
}
