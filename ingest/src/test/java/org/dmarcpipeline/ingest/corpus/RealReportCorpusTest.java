package org.dmarcpipeline.ingest.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dmarcpipeline.ingest.mail.ParsedMail;
import org.dmarcpipeline.ingest.mail.RawMail;
import org.dmarcpipeline.ingest.mail.ReportMailParser;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.unpack.ContentKind;
import org.dmarcpipeline.schema.unpack.ReportUnpacker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of a corpus of real reports (directory in system property {@code dmarc.corpus}, set
 * by CI to {@code ../shared/corpus}) either parses, with every {@code record} element accounted
 * for, or is rejected with a reason. Files outside aggregate folders (failure reports, TLS
 * reports) must be rejected.
 */
class RealReportCorpusTest {

  private static final Pattern RECORD = Pattern.compile("<([A-Za-z0-9_]+:)?record[\\s>]");
  private static final ConcurrentSkipListMap<String, String> OUTCOMES = new ConcurrentSkipListMap<>();

  private final ReportParser parser = new ReportParser();
  private final ReportMailParser mailParser = new ReportMailParser(parser);

  static Stream<Path> corpusFiles() throws IOException {
    String dir = System.getProperty("dmarc.corpus", "");
    if (dir.isBlank() || !Files.isDirectory(Path.of(dir))) {
      return Stream.of(Path.of("(no corpus: set -Ddmarc.corpus)"));
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of(dir))) {
      files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equalsIgnoreCase("README.md")).sorted().toList();
    }
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("corpusFiles")
  void everyFileShouldParseWithAllRowsOrBeRejectedWithAReason(Path file) throws Exception {
    assumeTrue(Files.isRegularFile(file), "no corpus directory given");
    byte[] bytes = Files.readAllBytes(file);
    boolean aggregateFolder = file.toString().matches(".*/(aggregate|aggregate_invalid|extract_report)/.*");

    List<AggregateReport> reports;
    try {
      reports = parse(bytes);
    } catch (InvalidReportException e) {
      assertThat(e.getMessage()).as("rejection reason").isNotBlank().doesNotContain("Exception");
      OUTCOMES.put(file.getFileName().toString(), "rejected: " + e.getMessage());
      return;
    }
    assertThat(aggregateFolder).as(file + " is not an aggregate report but parsed as one").isTrue();
    int kept = reports.stream().mapToInt(r -> r.records().size()).sum();
    long skipped = reports.stream().flatMap(r -> r.warnings().stream()).filter(w -> w.code().skipsRow()).count();
    assertThat(kept + skipped).as("rows kept + rows skipped with a warning = <record> elements").isEqualTo(recordElements(bytes));
    OUTCOMES.put(file.getFileName().toString(), "parsed: " + kept + " rows, " + reports.stream().mapToInt(r -> r.warnings().size()).sum() + " warnings");
  }

  @AfterAll
  static void printOutcomes() {
    OUTCOMES.forEach((file, outcome) -> System.out.println("corpus " + file + " -> " + outcome));
  }

  private List<AggregateReport> parse(byte[] bytes) throws InvalidReportException, IOException {
    if (ContentKind.sniff(bytes, Math.min(bytes.length, 64)) == ContentKind.UNKNOWN) {
      ParsedMail mail = mailParser.parse(new RawMail("corpus", bytes));
      if (!mail.rejected().isEmpty()) {
        throw new InvalidReportException(String.join("; ", mail.rejected()));
      }
      return mail.reports();
    }
    return List.of(parser.parse(bytes));
  }

  /** Counts record elements in the XML inside the file, whatever wraps it. */
  private static long recordElements(byte[] bytes) throws Exception {
    if (ContentKind.sniff(bytes, Math.min(bytes.length, 64)) != ContentKind.UNKNOWN) {
      return count(bytes);
    }
    MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    return countIn(mail);
  }

  private static long countIn(Part part) throws Exception {
    if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
      long total = 0;
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        total += countIn(child);
      }
      return total;
    }
    try (InputStream in = part.getInputStream()) {
      byte[] content = in.readAllBytes();
      return ContentKind.sniff(content, Math.min(content.length, 64)) == ContentKind.UNKNOWN || part.isMimeType("text/html") ? 0 : count(content);
    }
  }

  private static long count(byte[] attachment) throws Exception {
    try (InputStream xml = new ReportUnpacker().open(new ByteArrayInputStream(attachment))) {
      Matcher matcher = RECORD.matcher(new String(xml.readAllBytes(), StandardCharsets.ISO_8859_1));
      long n = 0;
      while (matcher.find()) {
        n++;
      }
      return n;
    }
  }
}
