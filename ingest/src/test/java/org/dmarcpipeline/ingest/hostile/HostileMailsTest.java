package org.dmarcpipeline.ingest.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and large report mails through ingest's own path in a child JVM with the heap ingest is
 * promised ({@code -Xmx256m}, docs/configuration.md): each is refused with the limit or the field
 * it broke, or read whole; none ends in an OutOfMemoryError, a stack trace or a hang. Fixtures are
 * generated here, since most are megabytes that inflate to gigabytes. Named by case
 * (RELIABILITY.md, docs/cases.md).
 */
class HostileMailsTest {

  private static final String HEADER = """
      <?xml version="1.0" encoding="UTF-8"?>
      <feedback>
        <report_metadata>
          <org_name>receiver.example</org_name>
          <email>dmarc@receiver.example</email>
          <report_id>r-1</report_id>
          <date_range><begin>BEGIN</begin><end>1700092799</end></date_range>
        </report_metadata>
        <policy_published><domain>example.com</domain><p>none</p></policy_published>
      """;
  private static final String RECORD = """
        <record>
          <row><source_ip>IP</source_ip><count>COUNT</count>
            <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>
          <identifiers><header_from>example.com</header_from></identifiers>
          <auth_results>DKIM<spf><domain>example.com</domain><scope>mfrom</scope><result>pass</result></spf></auth_results>
        </record>
      """;

  @TempDir static Path mails;
  private static Map<String, String> outcomes;

  @BeforeAll
  static void runEveryMailThroughIngestInA256MbJvm() throws Exception {
    write("Z1-gzip-of-600-MiB-of-whitespace.eml", "r.xml.gz", gzipOf(head("1700006400"), ' ', 600L << 20));
    write("Z2-3000-gzip-members-of-whitespace.eml", "r.xml.gz", members(3000));
    write("Z4-zip-in-zip.eml", "r.zip", zip("inner.zip", zip("r.xml", report(2, "1700006400", "1", ""))));
    write("M17-zip-entry-climbs.eml", "r.zip", zip("../../etc/cron.d/x", report(2, "1700006400", "1", "")));
    write("X5-100k-deep-nesting.eml", "r.xml.gz", gzip(head("1700006400") + "<a>".repeat(100_000)));
    write("V4-count-1e10000000.eml", "r.xml", report(3, "1700006400", "1e10000000", "").getBytes(StandardCharsets.UTF_8));
    write("V3-begin-1e-999999999.eml", "r.xml", report(1, "1e-999999999", "1", "").getBytes(StandardCharsets.UTF_8));
    write("V3-dated-3000-01.eml", "r.xml", report(1, "32503680000", "1", "").getBytes(StandardCharsets.UTF_8));
    write("V7-50000-records.eml", "r.xml.gz", gzip(report(50_000, "1700006400", "1", "")));
    write("P1-record-with-100000-dkim-results.eml", "r.xml.gz",
        gzip(report(1, "1700006400", "1", "<dkim><domain>example.com</domain><result>pass</result></dkim>".repeat(100_000))));
    write("P2-metadata-with-10000-long-errors.eml", "r.xml.gz",
        gzip(report(1, "1700006400", "1", "").replace("</report_metadata>", ("<error>" + "e".repeat(1000) + "</error>").repeat(10_000) + "</report_metadata>")));
    write("P3-2000-records-with-100-KiB-extensions.eml", "r.xml.gz", gzip(report(2000, "1700006400", "1", "")
        .replace("</record>", "<extension><x>" + "x".repeat(100 << 10) + "</x></extension></record>")));

    Process probe = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
            "-cp", System.getProperty("java.class.path"),
            IngestPathProbe.class.getName(), mails.toString())
        .redirectErrorStream(true)
        .start();
    String printed = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor(5, TimeUnit.MINUTES)).as("the probe finished").isTrue();
    assertThat(probe.exitValue()).as("probe exit code; it printed:%n%s", printed).isZero();
    assertThat(printed).doesNotContain("OutOfMemoryError", "StackOverflowError", "CRASH", "\tat ", "[Fatal Error]");
    outcomes = new LinkedHashMap<>();
    printed.lines().filter(line -> line.contains(".eml: ")).forEach(line -> {
      int colon = line.indexOf(".eml: ");
      outcomes.put(line.substring(0, colon + 4), line.substring(colon + 6));
    });
  }

  @Test
  void aGzipOfWhitespaceIsRefusedByTheTextLimit_Z1() {
    assertThat(outcome("Z1-gzip-of-600-MiB-of-whitespace.eml")).contains("characters of text, comments or CDATA between two tags (limit dmarc.parse.max-part-chars)");
  }

  @Test
  void thousandsOfGzipMembersAreRefusedByTheTextLimit_Z2() {
    assertThat(outcome("Z2-3000-gzip-members-of-whitespace.eml")).contains("(limit dmarc.parse.max-part-chars)");
  }

  @Test
  void aZipInAZipIsRefused_Z4() {
    assertThat(outcome("Z4-zip-in-zip.eml")).contains("refused: a zip holds another archive (zip), not a report");
  }

  @Test
  void aZipEntryNameThatClimbsIsRefused_M17() {
    assertThat(outcome("M17-zip-entry-climbs.eml")).contains("refused: zip entry name climbs out of its folder");
  }

  @Test
  void deepNestingIsRefusedWithoutAStackOverflow_X5() {
    assertThat(outcome("X5-100k-deep-nesting.eml")).startsWith("rejected: ");
  }

  @Test
  void aCountWithAHugeExponentCostsItsRowOnly_V4() {
    assertThat(outcome("V4-count-1e10000000.eml")).isEqualTo("published 0 rows");
  }

  @Test
  void aDateWithAnExponentIsRefusedWithItsField_V3() {
    assertThat(outcome("V3-begin-1e-999999999.eml")).contains("report_metadata.date_range.begin is not a time in seconds since 1970");
  }

  @Test
  void aReportDatedInTheYear3000IsRefused_V3() {
    assertThat(outcome("V3-dated-3000-01.eml")).contains("more than a day in the future");
  }

  @Test
  void aReportOf50000RecordsIsPublishedWhole_V7() {
    assertThat(outcome("V7-50000-records.eml")).isEqualTo("published 50000 rows");
  }

  @Test
  void aRecordWithTooManyElementsIsRefusedByThePartLimit_P1() {
    assertThat(outcome("P1-record-with-100000-dkim-results.eml")).contains("refused: <record> holds more than 10000 elements (limit dmarc.parse.max-part-elements)");
  }

  @Test
  void metadataWithTooMuchTextIsRefusedByThePartLimit_P2() {
    assertThat(outcome("P2-metadata-with-10000-long-errors.eml")).contains("refused: <report_metadata> holds more than 1048576 characters of text (limit dmarc.parse.max-part-chars)");
  }

  @Test
  void recordsWithLargeExtensionsAreStreamedNotHeld_P3() {
    assertThat(outcome("P3-2000-records-with-100-KiB-extensions.eml")).isEqualTo("published 2000 rows");
  }

  private static String outcome(String mail) {
    assertThat(outcomes).as("outcomes of the probe").containsKey(mail);
    return outcomes.get(mail);
  }

  private static String head(String begin) {
    return HEADER.replace("BEGIN", begin);
  }

  private static String report(int records, String begin, String count, String dkim) {
    StringBuilder xml = new StringBuilder(head(begin));
    for (int i = 0; i < records; i++) {
      xml.append(RECORD.replace("IP", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255))
          .replace("COUNT", count).replace("DKIM", dkim));
    }
    return xml.append("</feedback>\n").toString();
  }

  private static byte[] gzip(String xml) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(xml.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static byte[] gzipOf(String head, char filler, long bytes) throws IOException {
    byte[] chunk = new byte[1 << 20];
    java.util.Arrays.fill(chunk, (byte) filler);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
      gz.write(head.getBytes(StandardCharsets.UTF_8));
      for (long written = 0; written < bytes; written += chunk.length) {
        gz.write(chunk);
      }
    }
    return out.toByteArray();
  }

  private static byte[] members(int count) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(gzip(head("1700006400")));
    byte[] member = gzipOf("", ' ', 1 << 20);
    for (int i = 0; i < count; i++) {
      out.write(member);
    }
    return out.toByteArray();
  }

  private static byte[] zip(String name, Object content) throws IOException {
    byte[] bytes = content instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) content;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(bytes);
      zip.closeEntry();
    }
    return out.toByteArray();
  }

  private static void write(String mail, String attachment, byte[] content) throws IOException {
    String body = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(content);
    String eml = "From: dmarc@receiver.example\r\nTo: rua@example.com\r\nSubject: Report domain: example.com\r\n"
        + "Message-ID: <" + mail + "@receiver.example>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
        + "Content-Type: application/octet-stream; name=\"" + attachment + "\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\n" + body + "\r\n--b--\r\n";
    Files.writeString(mails.resolve(mail), eml, StandardCharsets.US_ASCII);
  }
}
