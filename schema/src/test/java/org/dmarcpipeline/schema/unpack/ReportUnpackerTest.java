package org.dmarcpipeline.schema.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dmarcpipeline.schema.Fixtures;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.xml.AggregateReportReader;
import org.junit.jupiter.api.Test;

class ReportUnpackerTest {

  private static final byte[] REPORT = Fixtures.bytes("rfc7489-two-records.xml");
  private final ReportParser parser = new ReportParser();

  @Test
  void parseShouldReadReportWhenItIsGzippedZippedOrPlain() throws Exception {
    assertThat(parser.parse(REPORT).records()).hasSize(2);
    assertThat(parser.parse(gzip(REPORT)).records()).hasSize(2);
    assertThat(parser.parse(zip(new String[] {"r.xml"}, REPORT)).records()).hasSize(2);
  }

  @Test
  void parseShouldIgnoreTrailingBytesWhenTheyFollowTheGzipStream() throws Exception {
    byte[] gz = gzip(REPORT);
    byte[] trailing = Arrays.copyOf(gz, gz.length + 2);
    trailing[gz.length] = '\r';
    trailing[gz.length + 1] = '\n';

    assertThat(parser.parse(trailing).records()).hasSize(2);
  }

  @Test
  void parseShouldReadGzipInsideGzipWhenWithinTheNestingLimit_Z4() throws Exception {
    assertThat(parser.parse(gzip(gzip(REPORT))).records()).hasSize(2);
  }

  @Test
  void parseShouldRefuseWhenArchivesNestDeeperThanTheLimit_Z4() {
    assertThatThrownBy(() -> parser.parse(gzip(gzip(gzip(REPORT)))))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("nested more than 2 deep");
  }

  @Test
  void parseShouldStopAtTheInflatedLimitWhenAZipInflatesToGigabytes_Z1() throws Exception {
    byte[] bomb = zip(new String[] {"bomb.xml"}, xmlOfBlanks(200 << 20));
    ReportParser strict = new ReportParser(new ReportUnpacker(new UnpackLimits(10L << 20, 50L << 20, 100_000, 2)), new AggregateReportReader());

    long start = System.nanoTime();
    assertThatThrownBy(() -> strict.parse(bomb))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("inflates to more than 52428800 bytes");
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }

  @Test
  void parseShouldApplyTheRatioLimitAcrossMembersWhenGzipMembersAreConcatenated_Z2() throws Exception {
    byte[] blanks = blanksAndTags(1 << 20);
    ByteArrayOutputStream members = new ByteArrayOutputStream();
    members.write(gzip("<feedback>".getBytes()));
    byte[] member = gzip(blanks);
    for (int i = 0; i < 1000; i++) {
      members.write(member);
    }
    ReportParser strict =
        new ReportParser(new ReportUnpacker(new UnpackLimits(10L << 20, 512L << 20, 100, 2)), new AggregateReportReader());

    assertThatThrownBy(() -> strict.parse(members.toByteArray()))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("compression ratio above 100:1");
  }

  @Test
  void parseShouldRefuseWhenAZipHoldsAZipOrAGzip_Z4() throws Exception {
    byte[] zipInZip = zip(new String[] {"inner.zip"}, zip(new String[] {"r.xml"}, REPORT));
    byte[] gzipInZip = zip(new String[] {"r.xml.gz"}, gzip(REPORT));

    assertThatThrownBy(() -> parser.parse(zipInZip))
        .isInstanceOf(InvalidReportException.class)
        .hasMessage("refused: a zip holds another archive (zip), not a report");
    assertThatThrownBy(() -> parser.parse(gzipInZip))
        .isInstanceOf(InvalidReportException.class)
        .hasMessage("refused: a zip holds another archive (gzip), not a report");
  }

  @Test
  void parseShouldRefuseWhenAZipEntryNameClimbsIsAbsoluteOrHoldsControlCharacters_M17() throws Exception {
    assertThatThrownBy(() -> parser.parse(zip(new String[] {"../../etc/cron.d/x"}, REPORT)))
        .hasMessageContaining("zip entry name climbs out of its folder");
    assertThatThrownBy(() -> parser.parse(zip(new String[] {"a\\..\\..\\x.xml"}, REPORT)))
        .hasMessageContaining("zip entry name climbs out of its folder");
    assertThatThrownBy(() -> parser.parse(zip(new String[] {"/etc/passwd"}, REPORT)))
        .hasMessageContaining("zip entry name is an absolute path");
    assertThatThrownBy(() -> parser.parse(zip(new String[] {"C:\\report.xml"}, REPORT)))
        .hasMessageContaining("zip entry name is an absolute path");
    assertThatThrownBy(() -> parser.parse(zip(new String[] {"r\u0000.xml"}, REPORT)))
        .hasMessageContaining("zip entry name holds control characters ('r?.xml')");
    assertThat(parser.parse(zip(new String[] {"google.com!example.com!1..2.xml"}, REPORT)).records()).hasSize(2);
  }

  @Test
  void parseShouldNameTheGzipLayerWhenItsChecksumIsWrong_Z6() throws Exception {
    byte[] gz = gzip(REPORT);
    gz[gz.length - 8] ^= 0x55; // CRC32 in the trailer

    assertThatThrownBy(() -> parser.parse(gz))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageStartingWith("corrupt gzip: ");
  }

  @Test
  void parseShouldNameTheGzipLayerWhenItIsTruncated_Z6() throws Exception {
    byte[] gz = gzip(REPORT);

    assertThatThrownBy(() -> parser.parse(Arrays.copyOf(gz, gz.length / 2)))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageStartingWith("corrupt gzip: ");
    assertThatThrownBy(() -> parser.parse(Arrays.copyOf(gz, 6)))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageStartingWith("corrupt gzip: ");
  }

  @Test
  void parseShouldNameTheZipLayerWhenItsChecksumIsWrong_Z6() throws Exception {
    byte[] zip = zip(new String[] {"r.xml"}, REPORT);
    int data = 30 + "r.xml".length(); // the local header, then the deflated entry
    zip[data + 20] ^= 0x55;

    assertThatThrownBy(() -> parser.parse(zip))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageStartingWith("corrupt zip: ");
  }

  @Test
  void parseShouldRefuseWithTheTextLimitWhenAGzipOfWhitespaceInflatesFromManyMembers_Z2() throws Exception {
    byte[] blanks = new byte[1 << 20];
    Arrays.fill(blanks, (byte) ' ');
    ByteArrayOutputStream members = new ByteArrayOutputStream();
    members.write(gzip("<feedback>".getBytes()));
    byte[] member = gzip(blanks);
    for (int i = 0; i < 3000; i++) {
      members.write(member);
    }

    assertThatThrownBy(() -> parser.parse(members.toByteArray()))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("characters of text, comments, CDATA or attributes between two element tags (limit dmarc.parse.max-part-chars)");
  }

  @Test
  void parseShouldRefuseWhenZipHoldsMoreThanOneFile_Z3() throws Exception {
    byte[] two = zip(new String[] {"a.xml", "b.xml"}, REPORT);

    assertThatThrownBy(() -> parser.parse(two))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("more than one file");
  }

  @Test
  void parseShouldRefuseWhenZipStartsWithADirectory_Z3() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("dir/"));
      zip.closeEntry();
    }
    assertThatThrownBy(() -> parser.parse(out.toByteArray()))
        .hasMessageContaining("directory");
  }

  @Test
  void parseShouldGiveAClearErrorWhenArchiveIsTruncated_Z6() throws Exception {
    byte[] zip = zip(new String[] {"r.xml"}, REPORT);
    byte[] truncated = Arrays.copyOf(zip, zip.length / 2);

    assertThatThrownBy(() -> parser.parse(truncated))
        .isInstanceOf(InvalidReportException.class)
        .message()
        .isNotBlank();
  }

  @Test
  void parseShouldSayWhatItIsWhenContentIsNeitherXmlNorArchive() {
    assertThatThrownBy(() -> parser.parse("%PDF-1.4".getBytes()))
        .hasMessage("not a DMARC aggregate report: content is neither XML, gzip nor zip");
  }

  @Test
  void sniffShouldTellKindsByMagicBytes() {
    assertThat(sniff(new byte[] {'P', 'K', 3, 4})).isEqualTo(ContentKind.ZIP);
    assertThat(sniff(new byte[] {0x1f, (byte) 0x8b, 8})).isEqualTo(ContentKind.GZIP);
    assertThat(sniff("  \n<?xml".getBytes())).isEqualTo(ContentKind.XML);
    assertThat(sniff(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '<'})).isEqualTo(ContentKind.XML);
    assertThat(sniff("{\"a\":1}".getBytes())).isEqualTo(ContentKind.UNKNOWN);
  }

  private static ContentKind sniff(byte[] head) {
    return ContentKind.sniff(head, head.length);
  }

  /**
   * Starts like a report, so the sniffer lets it through, then compresses extremely well: blanks
   * with an empty element every 64 KiB, not one text node, so that the size and ratio limits are
   * what stops it, not the text limit.
   */
  private static byte[] xmlOfBlanks(int size) {
    byte[] data = blanksAndTags(size);
    byte[] head = "<feedback>".getBytes();
    System.arraycopy(head, 0, data, 0, head.length);
    return data;
  }

  private static byte[] blanksAndTags(int size) {
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) ' ');
    byte[] tag = "<p/>".getBytes();
    for (int at = 1 << 16; at + tag.length < size; at += 1 << 16) {
      System.arraycopy(tag, 0, data, at, tag.length);
    }
    return data;
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  static byte[] zip(String[] names, byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String name : names) {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

}
