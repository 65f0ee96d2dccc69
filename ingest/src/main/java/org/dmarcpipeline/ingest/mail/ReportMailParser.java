package org.dmarcpipeline.ingest.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.unpack.ContentKind;

/**
 * Finds the reports in a mail, whatever its shape: attachments of any declared type, inline parts,
 * a message that is one archive, reports inside forwarded messages. A part is taken for a report by
 * its first bytes, not by its name or MIME type.
 */
public final class ReportMailParser implements AttachmentFinder {

  /** Forwarded mail inside forwarded mail is common; deeper nesting is not a report mail. */
  static final int MAX_FORWARD_DEPTH = 2;

  static final int MAX_PARTS = 50;

  static {
    // Jakarta Mail 2.1 looks its StreamProvider up with a ServiceLoader scan of the class path on
    // every header block it parses and every part it decodes (jakartaee/mail-api#861); named, it
    // is loaded directly. Also serves the IMAP client, which parses headers the same way.
    String provider = StreamProvider.class.getName();
    if (System.getProperty(provider) == null) {
      System.setProperty(provider, "org.eclipse.angus.mail.util.MailStreamProvider");
    }
  }

  private static final Session SESSION = Session.getInstance(lenientMimeProperties());

  private final ReportParser parser;

  public ReportMailParser(ReportParser parser) {
    this.parser = parser;
  }

  /**
   * Finds every report attachment of {@code mail} without parsing it.
   *
   * @throws InvalidReportException when the mail holds no report at all, or is not MIME
   */
  @Override
  public MailContents attachments(RawMail mail) throws InvalidReportException {
    if (mail.bytes().length == 0) {
      throw new InvalidReportException("not a DMARC aggregate report: empty input");
    }
    List<ReportAttachment> found = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    try {
      MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(mail.bytes()));
      walk(message, 0, new int[] {0}, found, refused);
    } catch (MessagingException | IOException e) {
      throw new InvalidReportException("not a readable mail: " + e.getMessage(), e);
    }
    if (found.isEmpty() && refused.isEmpty()) {
      throw new InvalidReportException("not a DMARC report mail: no XML, gzip or zip part found");
    }
    return new MailContents(mail, found, refused);
  }

  /**
   * Parses every report of {@code mail} and returns them whole: for tools and tests; the pipeline
   * streams them ({@code ReportPublisher}).
   */
  public ParsedMail parse(RawMail mail) throws InvalidReportException {
    MailContents contents = attachments(mail);
    List<AggregateReport> reports = new ArrayList<>();
    List<String> rejected = new ArrayList<>(contents.refused());
    for (ReportAttachment attachment : contents.attachments()) {
      try {
        reports.add(parser.parse(attachment.content()));
      } catch (InvalidReportException e) {
        rejected.add(attachment.description() + ": " + e.getMessage());
      } catch (IOException e) {
        rejected.add(attachment.description() + ": unreadable content: " + e.getMessage());
      }
    }
    return new ParsedMail(mail, reports, rejected);
  }

  private void walk(
      Part part, int forwardDepth, int[] partCount, List<ReportAttachment> found, List<String> refused)
      throws MessagingException, IOException, InvalidReportException {
    if (++partCount[0] > MAX_PARTS) {
      throw new InvalidReportException("refused: mail has more than " + MAX_PARTS + " parts");
    }
    if (part.isMimeType("multipart/*")) {
      Object content = part.getContent();
      if (content instanceof Multipart multipart) {
        for (int i = 0; i < multipart.getCount(); i++) {
          BodyPart child = multipart.getBodyPart(i);
          walk(child, forwardDepth, partCount, found, refused);
        }
        return;
      }
    }
    if (part.isMimeType("message/rfc822")) {
      if (forwardDepth >= MAX_FORWARD_DEPTH) {
        refused.add("forwarded message nested more than " + MAX_FORWARD_DEPTH + " deep: not read");
        return;
      }
      try (InputStream in = part.getInputStream()) {
        walk(new MimeMessage(SESSION, in), forwardDepth + 1, partCount, found, refused);
      }
      return;
    }
    try (BufferedInputStream in = new BufferedInputStream(part.getInputStream(), 8192)) {
      if (looksLikeReport(part, in)) {
        found.add(new ReportAttachment(describe(part), () -> decodedContent(part)));
      }
    }
  }

  private static InputStream decodedContent(Part part) throws IOException {
    try {
      return part.getInputStream();
    } catch (MessagingException e) {
      throw new IOException("cannot decode part: " + e.getMessage(), e);
    }
  }

  /** Zip and gzip always; XML unless it is a text body that merely starts with a tag (HTML). */
  private static boolean looksLikeReport(Part part, BufferedInputStream in)
      throws IOException, MessagingException {
    in.mark(64);
    byte[] head = in.readNBytes(64);
    in.reset();
    ContentKind kind = ContentKind.sniff(head, head.length);
    return switch (kind) {
      case ZIP, GZIP -> true;
      case XML -> !part.isMimeType("text/html");
      case UNKNOWN -> false;
    };
  }

  private static String describe(Part part) {
    try {
      String name = part.getFileName();
      if (name != null) {
        return "attachment " + sanitize(name);
      }
      return "part " + part.getContentType().split(";")[0].toLowerCase(Locale.ROOT);
    } catch (MessagingException e) {
      return "part";
    }
  }

  /** Attachment names come from the sender: never a path, never control characters, never long. */
  static String sanitize(String name) {
    String cleaned = name.replaceAll("[\\p{Cntrl}/\\\\]", "_");
    return cleaned.length() > 120 ? cleaned.substring(0, 120) + "..." : cleaned;
  }

  private static Properties lenientMimeProperties() {
    Properties props = new Properties();
    // Real report mail breaks MIME rules; read what can be read rather than refuse the mail.
    props.put("mail.mime.multipart.ignoremissingboundaryparameter", "true");
    props.put("mail.mime.multipart.ignoremissingendboundary", "true");
    props.put("mail.mime.decodefilename", "true");
    props.put("mail.mime.decodeparameters", "true");
    return props;
  }
}
