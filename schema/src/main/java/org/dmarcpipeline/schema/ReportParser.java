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
import org.dmarcpipeline.schema.unpack.UnpackException;
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

  /**
   * Records of a report read in one pass and held until its end: a few megabytes at most. Nearly
   * every report has fewer (a provider's daily report for one domain); reading the rest twice
   * keeps memory bounded for reports of a million rows.
   */
  static final int SINGLE_PASS_RECORDS = 5_000;

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
   * <p>Nothing reaches the handler before the whole report has been read: a broken report never
   * leaves half of its rows behind, and the record ids, which depend on the fingerprint of every
   * byte, are known from the first record on. A report of up to {@link #SINGLE_PASS_RECORDS}
   * records (nearly all of them) is read once and its records held until the end; a larger one is
   * read twice, a first pass that checks its structure and fingerprints it, and a second that
   * streams it to the handler, where a problem can cost a row but no longer the report.
   *
   * @throws InvalidReportException permanent: the content is not a valid report or breaks a limit
   * @throws IOException transient: opening the attachment failed
   */
  public ReportTotals parse(Attachment attachment, ReportHandler handler)
      throws InvalidReportException, IOException {
    HeldReport held = new HeldReport(SINGLE_PASS_RECORDS);
    try {
      String fingerprint = readWhole(attachment, xml -> reader.read(xml, "", held));
      return held.replay(handler, fingerprint);
    } catch (HeldReport.TooLarge large) {
      // a large report is streamed in two passes instead of held
    }
    String fingerprint = readWhole(attachment, reader::check);
    try (InputStream xml = unpacker.open(attachment.open())) {
      return reader.read(xml, fingerprint, handler);
    }
  }

  /** One pass of {@link AggregateReportReader} over the unpacked XML. */
  private interface Pass {
    void read(InputStream xml) throws InvalidReportException;
  }

  /**
   * Runs {@code pass} over the unpacked attachment, then reads on to its end (the passes stop at
   * {@code </feedback>}; the fingerprint covers every byte); returns that fingerprint.
   */
  private String readWhole(Attachment attachment, Pass pass) throws InvalidReportException, IOException {
    MessageDigest digest = Sha256.newDigest();
    try (InputStream xml = new DigestInputStream(unpacker.open(attachment.open()), digest)) {
      pass.read(xml);
      xml.transferTo(OutputStream.nullOutputStream());
    } catch (UnpackException e) {
      throw new InvalidReportException(e.getMessage(), e);
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
