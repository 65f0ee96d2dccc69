package org.dmarcpipeline.schema;

import java.io.IOException;
import java.io.InputStream;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.unpack.ReportUnpacker;
import org.dmarcpipeline.schema.unpack.UnpackLimitException;
import org.dmarcpipeline.schema.xml.AggregateReportReader;

/** An attachment in, a report out: unpack by content, then read. Thread-safe. */
public final class ReportParser {

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
   * Parses one attachment (XML, gzip or zip).
   *
   * @throws InvalidReportException permanent: the content is not a valid report or breaks a limit
   * @throws IOException transient: reading the attachment itself failed
   */
  public AggregateReport parse(InputStream attachment) throws InvalidReportException, IOException {
    try (InputStream xml = unpacker.open(attachment)) {
      return reader.read(xml);
    } catch (UnpackLimitException e) {
      throw new InvalidReportException(e.getMessage(), e);
    }
  }
}
