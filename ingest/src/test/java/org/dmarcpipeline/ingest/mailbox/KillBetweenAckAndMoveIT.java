package org.dmarcpipeline.ingest.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.dmarcpipeline.ingest.IngestService;
import org.dmarcpipeline.ingest.config.IngestConfig;
import org.dmarcpipeline.schema.config.Settings;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.generate.ReportMails;
import org.dmarcpipeline.testing.generate.ReportPacking;
import org.dmarcpipeline.testing.services.ChildJvm;
import org.dmarcpipeline.testing.services.ImapClient;
import org.dmarcpipeline.testing.services.LocalImapServer;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Case M2: ingest killed (kill -9) after Kafka acknowledged and before the mail moved. */
class KillBetweenAckAndMoveIT {

  @Test
  void restartAfterKillShouldLoseNothingAndAddNoKey_M2(@TempDir Path dir) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String user = "m2-" + run + "@example.test";
    String password = "pw-" + run;
    LocalImapServer server = LocalStack.imap();
    server.addUser(user, password);
    GeneratedReport report = new ReportGenerator(90).next(6, 90);
    Topics topics = Topics.DEFAULTS.withSuffix("-" + run);
    Path marker = dir.resolve("acknowledged");
    Properties config = IngestProcess.settings(server, user, topics);
    Path plainConfig = IngestProcess.write(config, dir.resolve("ingest.properties"));
    Properties pausing = new Properties();
    pausing.putAll(config);
    pausing.setProperty("dmarc.kafka.client.interceptor.classes", PauseAfterAcknowledgement.class.getName());
    pausing.setProperty("dmarc.kafka.client.dmarc.test.marker", marker.toString());
    Path pausingConfig = IngestProcess.write(pausing, dir.resolve("ingest-pausing.properties"));

    try (ImapClient imap = new ImapClient(server.host(), server.port(), server.trustStore(), user, password)) {
      imap.append("INBOX", ReportMails.mail(report, ReportPacking.ZIP, user));

      ProcessBuilder child = new ProcessBuilder(ChildJvm.command(List.of(), IngestProcess.class.getName(), pausingConfig.toString()))
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("child.log").toFile());
      child.environment().putAll(IngestProcess.secrets(password));
      Process ingest = child.start();
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(marker) || !ingest.isAlive());
        assertThat(ingest.isAlive()).as(Files.readString(dir.resolve("child.log"))).isTrue();
      } finally {
        ingest.destroyForcibly(); // SIGKILL: no shutdown hook, no commit
        ingest.waitFor();
      }
      assertThat(imap.count("INBOX")).as("the mail was not moved").isEqualTo(1);
      assertThat(keys(topics.records())).as("acknowledged rows are in Kafka").isNotEmpty();

      Properties restartProperties = new Properties();
      try (var in = Files.newInputStream(plainConfig)) {
        restartProperties.load(in);
      }
      Map<String, String> env = IngestProcess.secrets(password);
      try (IngestService restarted = IngestService.start(IngestConfig.from(new Settings(restartProperties, env::get)))) {
        await().atMost(Duration.ofSeconds(60)).until(() -> imap.count("DMARC-Processed") == 1);
      }
      assertThat(imap.count("INBOX")).isZero();
      assertThat(keys(topics.records())).as("every row once, no extra id").hasSize(6);
    }
  }

  private static Set<String> keys(String topic) {
    return new TopicReader(LocalStack.kafka().bootstrapServers()).keys(topic, Duration.ofSeconds(30));
  }
}
