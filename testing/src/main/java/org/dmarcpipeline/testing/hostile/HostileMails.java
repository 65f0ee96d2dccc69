package org.dmarcpipeline.testing.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hostile and large report mails, generated (most are megabytes that inflate to gigabytes), each
 * with what reading it must give: its rows, or a refusal naming the limit or field it broke. One
 * table for every path that reads mail (ingest's, {@code bin/dmarc parse}), so that both are held
 * to the same answers. Case ids as in docs/cases.md.
 */
public final class HostileMails {

  /** What reading a mail must give: {@code rows} rows, or (rows < 0) a refusal containing {@code refusal}. */
  public record Case(String mail, int rows, String refusal) {
    static Case rows(String mail, int rows) {
      return new Case(mail, rows, null);
    }

    static Case refused(String mail, String refusal) {
      return new Case(mail, -1, refusal);
    }

    public boolean refused() {
      return rows < 0;
    }
  }

  public static final List<Case> CASES = List.of(
      Case.refused("Z1-gzip-of-600-MiB-of-whitespace.eml",
          "characters of text, comments, CDATA or attributes between two element tags (limit dmarc.parse.max-part-chars)"),
      Case.refused("Z2-3000-gzip-members-of-whitespace.eml", "(limit dmarc.parse.max-part-chars)"),
      Case.refused("Z4-zip-in-zip.eml", "refused: a zip holds another archive (zip), not a report"),
      Case.refused("M17-zip-entry-climbs.eml", "refused: zip entry name climbs out of its folder"),
      Case.refused("X5-100k-deep-nesting.eml", "refused: elements nested more than 64 deep"),
      Case.rows("V4-count-1e10000000.eml", 0),
      Case.refused("V3-begin-1e-999999999.eml", "report_metadata.date_range.begin is not a time in seconds since 1970"),
      Case.refused("V3-dated-3000-01.eml", "more than a day in the future"),
      Case.rows("V7-50000-records.eml", 50_000),
      Case.refused("P1-record-with-100000-dkim-results.eml",
          "refused: <record> holds more than 10000 elements (limit dmarc.parse.max-part-elements)"),
      Case.refused("P2-metadata-with-10000-long-errors.eml",
          "refused: <report_metadata> holds more than 1048576 characters of text (limit dmarc.parse.max-part-chars)"),
      Case.rows("P3-2000-records-with-100-KiB-extensions.eml", 2000));

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

  private HostileMails() {}

  /** Writes every case's mail into {@code dir}, named as in {@link #CASES}. */
  public static void writeAll(Path dir) throws IOException {
    write(dir, "Z1-gzip-of-600-MiB-of-whitespace.eml", "r.xml.gz", gzipOf(head("1700006400"), 600L << 20));
    write(dir, "Z2-3000-gzip-members-of-whitespace.eml", "r.xml.gz", members(3000));
    write(dir, "Z4-zip-in-zip.eml", "r.zip", zip("inner.zip", zip("r.xml", utf8(report(2, "1700006400", "1", "")))));
    write(dir, "M17-zip-entry-climbs.eml", "r.zip", zip("../../etc/cron.d/x", utf8(report(2, "1700006400", "1", ""))));
    write(dir, "X5-100k-deep-nesting.eml", "r.xml.gz", gzip(head("1700006400") + "<a>".repeat(100_000)));
    write(dir, "V4-count-1e10000000.eml", "r.xml", utf8(report(3, "1700006400", "1e10000000", "")));
    write(dir, "V3-begin-1e-999999999.eml", "r.xml", utf8(report(1, "1e-999999999", "1", "")));
    write(dir, "V3-dated-3000-01.eml", "r.xml", utf8(report(1, "32503680000", "1", "")));
    write(dir, "V7-50000-records.eml", "r.xml.gz", gzip(report(50_000, "1700006400", "1", "")));
    write(dir, "P1-record-with-100000-dkim-results.eml", "r.xml.gz",
        gzip(report(1, "1700006400", "1", "<dkim><domain>example.com</domain><result>pass</result></dkim>".repeat(100_000))));
    write(dir, "P2-metadata-with-10000-long-errors.eml", "r.xml.gz", gzip(report(1, "1700006400", "1", "")
        .replace("</report_metadata>", ("<error>" + "e".repeat(1000) + "</error>").repeat(10_000) + "</report_metadata>")));
    write(dir, "P3-2000-records-with-100-KiB-extensions.eml", "r.xml.gz", gzip(report(2000, "1700006400", "1", "")
        .replace("</record>", "<extension><x>" + "x".repeat(100 << 10) + "</x></extension></record>")));
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

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(String xml) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(utf8(xml));
    }
    return out.toByteArray();
  }

  /** {@code head}, then {@code bytes} of blanks: one text node, compressed about a thousand to one. */
  private static byte[] gzipOf(String head, long bytes) throws IOException {
    byte[] chunk = new byte[1 << 20];
    Arrays.fill(chunk, (byte) ' ');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
      gz.write(utf8(head));
      for (long written = 0; written < bytes; written += chunk.length) {
        gz.write(chunk);
      }
    }
    return out.toByteArray();
  }

  private static byte[] members(int count) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(gzip(head("1700006400")));
    byte[] member = gzipOf("", 1 << 20);
    for (int i = 0; i < count; i++) {
      out.write(member);
    }
    return out.toByteArray();
  }

  private static byte[] zip(String name, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content);
      zip.closeEntry();
    }
    return out.toByteArray();
  }

  private static void write(Path dir, String mail, String attachment, byte[] content) throws IOException {
    String body = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(content);
    String eml = "From: dmarc@receiver.example\r\nTo: rua@example.com\r\nSubject: Report domain: example.com\r\n"
        + "Message-ID: <" + mail + "@receiver.example>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
        + "Content-Type: application/octet-stream; name=\"" + attachment + "\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\n" + body + "\r\n--b--\r\n";
    Files.writeString(dir.resolve(mail), eml, StandardCharsets.US_ASCII);
  }
}
