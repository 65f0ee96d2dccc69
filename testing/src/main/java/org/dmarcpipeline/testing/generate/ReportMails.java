package org.dmarcpipeline.testing.generate;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Date;
import java.util.Properties;

/** Report mails as receivers send them: a short text part and the report as an attachment. */
public final class ReportMails {

  private static final Session SESSION = Session.getInstance(new Properties());

  private ReportMails() {}

  /** A multipart/mixed mail carrying {@code report} packed as {@code packing}. */
  public static byte[] mail(GeneratedReport report, ReportPacking packing, String to) {
    return mail(
        "Report domain: " + report.policyDomain() + " Submitter: " + report.reporterOrg()
            + " Report-ID: <" + report.reportId() + ">",
        to,
        packing.fileName(report),
        packing.contentType(),
        packing.pack(report));
  }

  /** A mail with an arbitrary attachment, for broken and hostile inputs. */
  public static byte[] mail(
      String subject, String to, String fileName, String contentType, byte[] attachment) {
    try {
      MimeMessage message = new MimeMessage(SESSION);
      message.setFrom(new InternetAddress("noreply-dmarc-support@google.com"));
      message.setRecipients(MimeMessage.RecipientType.TO, to);
      message.setSubject(subject);
      message.setSentDate(new Date());
      MimeBodyPart text = new MimeBodyPart();
      text.setText("This is an aggregate report from a DMARC test generator.", "UTF-8");
      MimeBodyPart report = new MimeBodyPart();
      report.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, contentType)));
      report.setFileName(fileName);
      report.setDisposition(MimeBodyPart.ATTACHMENT);
      MimeMultipart multipart = new MimeMultipart("mixed");
      multipart.addBodyPart(text);
      multipart.addBodyPart(report);
      message.setContent(multipart);
      message.saveChanges();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      message.writeTo(out);
      return out.toByteArray();
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("cannot build a report mail", e);
    }
  }
}
