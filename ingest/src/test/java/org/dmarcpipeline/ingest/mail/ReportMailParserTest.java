package org.dmarcpipeline.ingest.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Base64;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.generate.ReportMails;
import org.dmarcpipeline.testing.generate.ReportPacking;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReportMailParserTest {

  private final ReportMailParser parser = new ReportMailParser(new ReportParser());
  private final GeneratedReport report = new ReportGenerator(3).next(4, 1);

  private ParsedMail parse(byte[] mail) throws InvalidReportException {
    return parser.parse(new RawMail("test", mail));
  }

  @ParameterizedTest
  @EnumSource(ReportPacking.class)
  void parseShouldFindTheReportWhenItIsAnAttachment(ReportPacking packing) throws Exception {
    ParsedMail mail = parse(ReportMails.mail(report, packing, "rua@example.com"));

    assertThat(mail.reports()).singleElement().satisfies(r -> assertThat(r.records()).hasSize(4));
    assertThat(mail.rejected()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/octet-stream", "text/plain", "application/x-zip-compressed"})
  void parseShouldRecogniseTheReportByContentWhenTheMimeTypeLies_M15(String contentType) throws Exception {
    byte[] mail = ReportMails.mail("s", "rua@example.com", "report", contentType, ReportPacking.ZIP.pack(report));

    assertThat(parse(mail).reports()).hasSize(1);
  }

  @Test
  void parseShouldReadTheReportWhenTheWholeMessageIsOneGzipPart() throws Exception {
    String mail =
        "From: dmarc@mimecast.example\r\nTo: rua@example.com\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: application/gzip; name=\"report.xml.gz\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(ReportPacking.GZIP.pack(report))
            + "\r\n";

    assertThat(parse(mail.getBytes(StandardCharsets.US_ASCII)).reports()).hasSize(1);
  }

  @Test
  void parseShouldFindTheReportByContentWhenTheContentTypeHeaderIsMangled() throws Exception {
    String mail =
        "From: dmarc@receiver.example\r\nTo: rua@example.com\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
            + "ContentType: application/zip; name=\"report.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(ReportPacking.ZIP.pack(report))
            + "\r\n";

    assertThat(parse(mail.getBytes(StandardCharsets.US_ASCII)).reports()).hasSize(1);
  }

  @Test
  void parseShouldReadTheReportWhenXmlIsInlineAndQuotedPrintable() throws Exception {
    String xml = new String(report.xml(), StandardCharsets.UTF_8).replace("\n", "\r\n");
    String mail =
        "From: a@receiver.example\r\nTo: rua@example.com\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/xml; charset=utf-8\r\nContent-Disposition: inline\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            + xml.replace("=", "=3D");

    assertThat(parse(mail.getBytes(StandardCharsets.UTF_8)).reports()).hasSize(1);
  }

  @Test
  void parseShouldReadEveryReportWhenAMailCarriesSeveral() throws Exception {
    GeneratedReport other = new ReportGenerator(4).next(2, 2);
    MimeMultipart parts = new MimeMultipart("mixed");
    for (var attachment : java.util.List.of(report, other)) {
      MimeBodyPart part = new MimeBodyPart();
      part.setContent(ReportPacking.GZIP.pack(attachment), "application/gzip");
      part.setFileName(ReportPacking.GZIP.fileName(attachment));
      part.setHeader("Content-Transfer-Encoding", "base64");
      parts.addBodyPart(part);
    }
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
    message.setSubject("two reports");
    message.setContent(parts);
    message.saveChanges();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    message.writeTo(out);

    ParsedMail mail = parse(out.toByteArray());

    assertThat(mail.reports()).hasSize(2);
    assertThat(mail.rowCount()).isEqualTo(6);
  }

  @Test
  void parseShouldReadTheReportWhenForwardedOnce_M16() throws Exception {
    byte[] forwarded = forward(ReportMails.mail(report, ReportPacking.GZIP, "rua@example.com"), 1);

    assertThat(parse(forwarded).reports()).hasSize(1);
  }

  @Test
  void parseShouldRefuseWithAReasonWhenForwardedTooDeep_M16() throws Exception {
    byte[] forwarded = forward(ReportMails.mail(report, ReportPacking.GZIP, "rua@example.com"), 5);

    ParsedMail mail = parse(forwarded);

    assertThat(mail.reports()).isEmpty();
    assertThat(mail.rejected()).singleElement().asString().contains("nested more than 2 deep");
  }

  @Test
  void parseShouldSaySoWhenTheMailHoldsNoReport() {
    String mail = "From: a@b.example\r\nTo: c@d.example\r\nSubject: hello\r\n\r\njust text\r\n";

    assertThatThrownBy(() -> parse(mail.getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("no XML, gzip or zip part");
  }

  @Test
  void parseShouldNameTheAttachmentWithoutUsingItAsAPathWhenItsNameIsHostile_M17() throws Exception {
    byte[] mail = ReportMails.mail("s", "rua@example.com", "../../etc/cron.d/x\u0000.xml", "text/xml", "<feedback>".getBytes());

    ParsedMail parsed = parse(mail);

    assertThat(parsed.rejected()).singleElement().asString().startsWith("attachment .._.._etc_cron.d_x_.xml: ");
  }

  @Test
  void parseShouldRejectWithReasonWhenMimeNestsDeeply_M14() throws Exception {
    StringBuilder mail = new StringBuilder("From: a@b.example\r\nSubject: deep\r\nMIME-Version: 1.0\r\n");
    for (int i = 0; i < 200; i++) {
      mail.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i).append("\r\n");
    }
    mail.append("Content-Type: text/plain\r\n\r\nhi\r\n");

    assertThatThrownBy(() -> parse(mail.toString().getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("more than 50 parts");
  }

  private static byte[] forward(byte[] mail, int times) {
    byte[] current = mail;
    for (int i = 0; i < times; i++) {
      String wrapped =
          "From: forwarder@example.org\r\nTo: rua@example.com\r\nSubject: Fwd: report\r\nMIME-Version: 1.0\r\n"
              + "Content-Type: multipart/mixed; boundary=\"fwd" + i + "\"\r\n\r\n"
              + "--fwd" + i + "\r\nContent-Type: text/plain\r\n\r\nForwarded report.\r\n"
              + "--fwd" + i + "\r\nContent-Type: message/rfc822\r\n\r\n"
              + new String(current, StandardCharsets.ISO_8859_1)
              + "\r\n--fwd" + i + "--\r\n";
      current = wrapped.getBytes(StandardCharsets.ISO_8859_1);
    }
    return current;
  }
}
