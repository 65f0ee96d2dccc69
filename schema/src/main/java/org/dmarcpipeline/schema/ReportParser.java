package org.dmarcpipeline.schema;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.dmarcpipeline.schema.fingerprint.Sha256;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.model.ReportTotals;
import org.dmarcpipeline.schema.unpack.ReportUnpacker;
import org.dmarcpipeline.schema.unpack.UnpackLimitException;
import org.dmarcpipeline.schema.xml.AggregateReportReader;

/**
 * An attachment in, a report out: unpack by content, fingerprint, then read record by record.
 * Thread-safe.
 */
public final class ReportParser {

  /** An attachment that can be opened more than once (a file, a MIME part, bytes in memory). */
  @FunctionalInterface
  public interface Attachment {
    InputStream open() throws IOException;
  }

  private final ReportUnpacker unpacker;
  private final AggregateReportReader reader;

  public ReportParser() {
    this(new ReportUnpacker(), new AggregateReportReader());
  }

  public ReportParser(ReportUnpacker unpacker, AggregateReportReader reader) {
    this.unpacker = unpacker;
    this.reader = reader;
  }

  /**
   * Streams one attachment (XML, gzip or zip) to {@code handler}.
   *
   * <p>The attachment is read twice. The first pass checks the report's structure and fingerprints
   * its XML; only a report that passed it reaches the handler, in the second pass, where a problem
   * can cost a row but no longer the report. So a broken report never leaves half of its rows
   * behind, and the record ids, which depend on the fingerprint, are known from the first record
   * on.
   *
   * @throws InvalidReportException permanent: the content is not a valid report or breaks a limit
   * @throws IOException transient: opening the attachment failed
   */
  public ReportTotals parse(Attachment attachment, ReportHandler handler)
      throws InvalidReportException, IOException {
    String fingerprint = check(attachment);
    try (InputStream xml = unpacker.open(attachment.open())) {
      return reader.read(xml, fingerprint, handler);
    }
  }

  /** First pass: reads the whole report without handing anything on; returns its fingerprint. */
  private String check(Attachment attachment) throws InvalidReportException, IOException {
    MessageDigest digest = Sha256.newDigest();
    try (InputStream xml = new DigestInputStream(unpacker.open(attachment.open()), digest)) {
      reader.check(xml);
      // the check stops at </feedback>; the fingerprint covers every byte
      xml.transferTo(OutputStream.nullOutputStream());
    } catch (UnpackLimitException e) {
      throw new InvalidReportException(e.getMessage(), e);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new InvalidReportException("corrupt archive: " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Parses one attachment and returns the report whole: for tools and tests. */
  public AggregateReport parse(Attachment attachment) throws InvalidReportException, IOException {
    ReportCollector collector = new ReportCollector();
    parse(attachment, collector);
    return collector.report();
  }

  /** Parses an attachment held in memory and returns the report whole. */
  public AggregateReport parse(byte[] attachment) throws InvalidReportException {
    try {
      return parse(() -> new ByteArrayInputStream(attachment));
    } catch (InvalidReportException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidReportException("unreadable input: " + e.getMessage(), e);
    }
  }
}
