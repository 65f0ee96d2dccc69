package org.dmarcpipeline.ingest.hostile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dmarcpipeline.ingest.mail.RawMail;
import org.dmarcpipeline.ingest.mail.ReportMailParser;
import org.dmarcpipeline.ingest.publish.ReportPublisher;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.config.Topics;

/**
 * Runs each mail of a folder through ingest's own path, in the heap ingest is promised (the test
 * starts this in a child JVM with -Xmx256m): MIME walk, unpacking, parsing and publishing, with a
 * producer that acknowledges at once in place of Kafka, which has no part in what a mail costs to
 * read. Prints one line per mail: {@code name: published N rows} or {@code name: rejected: reason};
 * anything else thrown, an OutOfMemoryError above all, is printed as {@code name: CRASH ...}.
 */
public final class IngestPathProbe {

  public static void main(String[] args) throws Exception {
    ReportParser parser = new ReportParser();
    ReportMailParser mails = new ReportMailParser(parser);
    List<Path> files;
    try (Stream<Path> listed = Files.list(Path.of(args[0]))) {
      files = listed.sorted().toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      MockProducer<String, byte[]> kafka = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
      ReportPublisher publisher = new ReportPublisher(kafka, Topics.DEFAULTS, parser, Duration.ofSeconds(30), false);
      try {
        long rows = publisher.publish(mails.attachments(new RawMail("probe", Files.readAllBytes(file))));
        System.out.println(name + ": published " + rows + " rows");
      } catch (InvalidReportException e) {
        System.out.println(name + ": rejected: " + e.getMessage());
      } catch (Throwable e) {
        System.out.println(name + ": CRASH " + e);
      }
      kafka.clear(); // the mock keeps every record it was sent
    }
  }
}
