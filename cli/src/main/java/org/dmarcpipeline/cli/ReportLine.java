package org.dmarcpipeline.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.dmarcpipeline.schema.ReportHandler;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.model.ReportHeader;
import org.dmarcpipeline.schema.model.ReportRecord;
import org.dmarcpipeline.schema.model.ReportTotals;

/**
 * Writes one report as one JSON line, record by record, in the form the whole report would have
 * taken ({@code AggregateReport} with a {@code file} field added): fields in alphabetical order,
 * {@code file} last. {@code extensions} comes first but is known only at the report's end, so the
 * records are spooled to a file until then; memory stays flat however many records there are.
 */
final class ReportLine implements ReportHandler, AutoCloseable {

  /** Flushing after every record would cost a system call per record. */
  private static final ObjectWriter WRITER =
      DmarcJson.mapper().writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  private final String file;
  private final OutputStream line;
  private final Spool records;
  private final JsonGenerator recordArray;
  private ReportHeader header;
  private String fingerprint;

  /** @param line where the line goes, once the report has been read to its end */
  ReportLine(Path file, OutputStream line) throws IOException {
    this.file = file.toString();
    this.line = line;
    this.records = new Spool();
    this.recordArray = WRITER.createGenerator(records.out());
  }

  @Override
  public void header(ReportHeader header, String fingerprint) {
    this.header = header;
    this.fingerprint = fingerprint;
    write(recordArray::writeStartArray);
  }

  @Override
  public void record(ReportRecord record) {
    write(() -> WRITER.writeValue(recordArray, record));
  }

  @Override
  public void end(ReportTotals totals) {
    write(() -> {
      recordArray.writeEndArray();
      recordArray.flush();
      JsonGenerator out = WRITER.createGenerator(line);
      out.writeStartObject();
      field(out, "extensions", totals.extensions());
      field(out, "fingerprint", fingerprint);
      field(out, "namespace", header.namespace());
      field(out, "policy_published", header.policyPublished());
      out.writeFieldName("records");
      // an empty raw value writes the separator; the spooled array follows it byte for byte
      out.writeRawValue("");
      out.flush();
      records.copyTo(line);
      field(out, "report_metadata", header.reportMetadata());
      if (header.version() != null) {
        field(out, "version", header.version());
      }
      field(out, "warnings", totals.warnings());
      field(out, "file", file);
      out.writeEndObject();
      out.flush();
      line.write('\n');
    });
  }

  @Override
  public void close() throws IOException {
    recordArray.close();
    records.close();
  }

  private static void field(JsonGenerator out, String name, Object value) throws IOException {
    out.writeFieldName(name);
    WRITER.writeValue(out, value);
  }

  private interface JsonWrite {
    void run() throws IOException;
  }

  /** A handler may only throw unchecked; the spool is a local file, so a failure here is rare. */
  private static void write(JsonWrite write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report's JSON: " + e.getMessage(), e);
    }
  }
}
