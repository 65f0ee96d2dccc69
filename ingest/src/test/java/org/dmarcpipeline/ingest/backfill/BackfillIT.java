package org.dmarcpipeline.ingest.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.Producer;
import org.dmarcpipeline.ingest.mail.ReportMailParser;
import org.dmarcpipeline.ingest.publish.DeadLetterPublisher;
import org.dmarcpipeline.ingest.publish.IngestProducer;
import org.dmarcpipeline.ingest.publish.IngestTopics;
import org.dmarcpipeline.ingest.publish.ReportPublisher;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.generate.ReportMails;
import org.dmarcpipeline.testing.generate.ReportPacking;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backfill of every kind of source into a real broker. */
class BackfillIT {

  @Test
  void backfillShouldPublishEveryRowOfEverySourceKindAndDeadLetterTheBrokenOne(@TempDir Path dir) throws Exception {
    ReportGenerator generator = new ReportGenerator(31);
    long expectedRows = 0;
    Path reports = Files.createDirectories(dir.resolve("reports/nested"));
    for (ReportPacking packing : ReportPacking.values()) {
      GeneratedReport report = generator.next(3, packing.ordinal());
      Files.write(reports.resolve(packing.fileName(report)), packing.pack(report));
      expectedRows += 3;
    }
    GeneratedReport eml = generator.next(4, 10);
    Files.write(dir.resolve("report.eml"), ReportMails.mail(eml, ReportPacking.ZIP, "rua@example.com"));
    expectedRows += 4;
    StringBuilder mbox = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      GeneratedReport report = generator.next(2, 20 + i);
      mbox.append("From dmarc@reporter.example Mon Nov 30 10:00:00 2026\n")
          .append(new String(ReportMails.mail(report, ReportPacking.GZIP, "rua@example.com"), StandardCharsets.ISO_8859_1).replace("\r\n", "\n"))
          .append("\n");
      expectedRows += 2;
    }
    Files.writeString(dir.resolve("archive.mbox"), mbox, StandardCharsets.ISO_8859_1);
    Path maildir = dir.resolve("Maildir");
    Files.createDirectories(maildir.resolve("cur"));
    Files.createDirectories(maildir.resolve("new"));
    Files.createDirectories(maildir.resolve("tmp"));
    Files.write(maildir.resolve("cur/1.host:2,S"), ReportMails.mail(generator.next(5, 30), ReportPacking.XML, "rua@example.com"));
    Files.write(maildir.resolve("new/2.host"), ReportMails.mail(generator.next(1, 31), ReportPacking.ZIP, "rua@example.com"));
    Files.write(maildir.resolve("tmp/3.host"), "half-written".getBytes());
    expectedRows += 6;
    Files.write(dir.resolve("broken.xml"), "<feedback><oops>".getBytes());

    Topics topics = Topics.DEFAULTS.withSuffix("-" + UUID.randomUUID().toString().substring(0, 8));
    KafkaConnection kafka = KafkaConnection.plaintext(LocalStack.kafka().bootstrapServers());
    IngestTopics.ensure(kafka, topics, 1, (short) 1);
    StringWriter progress = new StringWriter();
    Backfill.Result result;
    try (Producer<String, byte[]> producer = IngestProducer.create(kafka)) {
      ReportParser parser = new ReportParser();
      Backfill backfill = new Backfill(
          new BackfillSources(32 << 20), new ReportMailParser(parser),
          new ReportPublisher(producer, topics, parser, Duration.ofMinutes(1)),
          new DeadLetterPublisher(producer, topics, Duration.ofMinutes(1)));
      result = backfill.run(List.of(dir), new PrintWriter(progress));
      // a second run adds records to the topic but no new keys
      backfill.run(List.of(dir), new PrintWriter(new StringWriter()));
    }

    assertThat(result.rows()).isEqualTo(expectedRows);
    assertThat(result.reports()).isEqualTo(3 + 1 + 3 + 2);
    assertThat(result.rejected()).isEqualTo(1);
    assertThat(progress.toString()).contains("rejected").contains("broken.xml").contains(String.format("rows %,d", expectedRows));
    Map<String, Integer> keys = keys(topics.records(), (int) expectedRows * 2);
    assertThat(keys).hasSize((int) expectedRows).allSatisfy((key, times) -> assertThat(times).isEqualTo(2));
    assertThat(keys(topics.deadLetter(), 2)).hasSize(1);

    // replay from the raw topic: the same records again, no new key, the raw topic untouched
    long rawBefore = new TopicReader(LocalStack.kafka().bootstrapServers()).endOffsetSum(topics.rawReports());
    Backfill.Result replayed;
    try (Producer<String, byte[]> producer = IngestProducer.create(kafka)) {
      ReportParser parser = new ReportParser();
      replayed = new Backfill(new BackfillSources(32 << 20), new ReportMailParser(parser),
          new ReportPublisher(producer, topics, parser, Duration.ofMinutes(1), false),
          new DeadLetterPublisher(producer, topics, Duration.ofMinutes(1)))
          .replay(new RawTopic(kafka, topics.rawReports()), new PrintWriter(new StringWriter()));
    }
    assertThat(replayed.rows()).isEqualTo(expectedRows * 2);
    assertThat(replayed.rejected()).isEqualTo(2);
    assertThat(new TopicReader(LocalStack.kafka().bootstrapServers()).endOffsetSum(topics.rawReports())).isEqualTo(rawBefore);
    assertThat(keys(topics.records(), (int) expectedRows * 4)).hasSize((int) expectedRows);
  }

  /** How many times each key occurs in the topic. */
  private static Map<String, Integer> keys(String topic, int expected) {
    Map<String, Integer> keys = new HashMap<>();
    new TopicReader(LocalStack.kafka().bootstrapServers()).records(topic, Duration.ofSeconds(30))
        .forEach(r -> keys.merge(r.key(), 1, Integer::sum));
    assertThat(keys.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(expected);
    return keys;
  }
}
