package org.dmarcpipeline.schema.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.dmarcpipeline.schema.Fixtures;
import org.dmarcpipeline.schema.InvalidReportException;
import org.junit.jupiter.api.Test;

/**
 * The reader's limits on what it holds at once: one piece of text, one tag, one part of a report.
 * Each hostile shape is refused with the limit's name, and a real report with the same structures
 * at a normal size still reads.
 */
class MarkupLimitsTest {

  private static final String REPORT = new String(Fixtures.bytes("rfc7489-two-records.xml"), StandardCharsets.UTF_8);
  private static final int LIMIT = 4096;
  private final AggregateReportReader reader = new AggregateReportReader(new ReaderLimits(1000, 1024, LIMIT, 200));

  @Test
  void readShouldRefuseWhenWhitespaceBetweenTagsOutgrowsTheLimit_P4() {
    assertRefused(REPORT.replace("<policy_published>", " ".repeat(LIMIT + 1) + "<policy_published>"),
        "characters of text, comments, CDATA or attributes between two element tags (limit dmarc.parse.max-part-chars)");
  }

  @Test
  void readShouldRefuseWhenCommentsAndCdataJoinTextPastTheLimitEvenWithAngleBracketsInside_P4() {
    String piece = "<!-- << -> --> <![CDATA[ <<>> ]] ]]> ";
    assertRefused(REPORT.replace("<policy_published>", piece.repeat(LIMIT / 10) + "<policy_published>"),
        "between two element tags");
  }

  @Test
  void readShouldRefuseWhenOneTagOutgrowsTheLimitEvenWithClosingBracketsInAQuotedValue_P4() {
    assertRefused(REPORT.replace("<policy_published>", "<policy_published a=\"" + ">".repeat(LIMIT) + "\">"),
        "more than 4096 characters of text, comments, CDATA or attributes between two element tags");
  }

  @Test
  void readShouldRefuseWhenUtf16WhitespaceOutgrowsTheLimit_X7_P4() {
    String xml = REPORT.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"")
        .replace("<policy_published>", " ".repeat(LIMIT + 1) + "<policy_published>");

    assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_16LE))))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("between two element tags");
    assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_16))))
        .hasMessageContaining("between two element tags");
  }

  @Test
  void readShouldReadUtf16ReportsWithinTheLimit_X7() throws Exception {
    for (Charset charset : new Charset[] {StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
      String declared = REPORT.replace("encoding=\"UTF-8\"", "encoding=\"" + charset.name() + "\"");
      assertThat(reader.read(new ByteArrayInputStream(declared.getBytes(charset))).records()).as(charset.name()).hasSize(2);
    }
  }

  @Test
  void readShouldRefuseWhenOnePartHoldsTooManyElements_P1() {
    String dkim = "<dkim><domain>example.com</domain><result>pass</result></dkim>";
    assertRefused(REPORT.replaceFirst("<auth_results>", "<auth_results>" + dkim.repeat(100)),
        "refused: <record> holds more than 200 elements (limit dmarc.parse.max-part-elements)");
  }

  @Test
  void readShouldRefuseWhenOnePartHoldsTooMuchTextInPiecesUnderTheLimit_P2() {
    String error = "<error>" + "x".repeat(1000) + "</error>";
    assertRefused(REPORT.replace("</report_metadata>", error.repeat(5) + "</report_metadata>"),
        "refused: <report_metadata> holds more than 4096 characters of text (limit dmarc.parse.max-part-chars)");
  }

  @Test
  void readShouldKeepTextWithAngleBracketsInCdataAndQuotedValuesWithinTheLimit_P4() throws Exception {
    String xml = REPORT.replace("<policy_published>", "<!-- a > b --><policy_published note=\"a > b\">")
        .replace("<org_name>google.com</org_name>", "<org_name><![CDATA[google.com]]></org_name>");

    assertThat(reader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).reportMetadata().orgName())
        .isEqualTo("google.com");
  }

  @Test
  void readShouldNameTheEncodingAndPrintNothingWhenAUtf8ReportHoldsAnInvalidByte_X8() {
    byte[] xml = REPORT.replace("<org_name>google.com", "<org_name>google\u0091com").getBytes(StandardCharsets.ISO_8859_1);
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(printed, true));
    try {
      assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(xml)))
          .isInstanceOf(InvalidReportException.class)
          .hasMessageMatching("XML encoding: byte 0x91 at offset \\d+ is not valid UTF-8, the document's encoding");
    } finally {
      System.setErr(stderr);
    }
    assertThat(printed.toString()).isEmpty();
  }

  @Test
  void readShouldAcceptTheSameByteWhenTheReportDeclaresLatin1AndValidUtf8Everywhere_X8() throws Exception {
    String latin1 = REPORT.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"").replace("<org_name>google.com", "<org_name>googl\u00e9.com");
    String utf8 = REPORT.replace("<org_name>google.com", "<org_name>g\u00f6\u00f6gle\u20ac\ud83d\ude00.com");

    assertThat(reader.read(new ByteArrayInputStream(latin1.getBytes(StandardCharsets.ISO_8859_1))).reportMetadata().orgName())
        .isEqualTo("googl\u00e9.com");
    assertThat(reader.read(new ByteArrayInputStream(utf8.getBytes(StandardCharsets.UTF_8))).reportMetadata().orgName())
        .isEqualTo("g\u00f6\u00f6gle\u20ac\ud83d\ude00.com");
  }

  @Test
  void readShouldRefuseElementsNestedDeeperThanTheLimitWhateverTheJdkSets_X5() {
    String deep = "<extension>" + "<x>".repeat(70) + "</x>".repeat(70) + "</extension>";
    assertRefused(REPORT.replace("</policy_published>", "</policy_published>" + deep), "refused: elements nested more than 64 deep");
  }

  private void assertRefused(String xml, String reason) {
    assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining(reason);
  }
}
