package org.dmarcpipeline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dmarcpipeline.ingest.mail.MailContents;
import org.dmarcpipeline.ingest.mail.RawMail;
import org.dmarcpipeline.ingest.mail.ReportAttachment;
import org.dmarcpipeline.ingest.mail.ReportMailParser;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.ReportHandler;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.model.ReportHeader;
import org.dmarcpipeline.schema.model.ReportRecord;
import org.dmarcpipeline.schema.model.ReportTotals;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecordStream;
import org.dmarcpipeline.schema.unpack.ContentKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dmarc parse FILE...}: one JSON line per report (or per record), one error line per
 * rejected file. Reports are streamed, never held whole: memory does not grow with a report.
 */
@Command(
    name = "parse",
    description = {
      "Parse report files (xml, gz, zip or a whole mail .eml) and print each report as one JSON line,",
      "field names as in the RFC (report_metadata.org_name, records[].row.source_ip, ...).",
      "Exit 0 when every file parsed; 1 with one line per rejected file on stderr."
    })
final class ParseCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "report files")
  List<Path> files;

  @Option(names = "--summary", description = "one line per file: records, messages, warnings or the reason")
  boolean summary;

  @Option(names = "--records", description = "one JSON line per record instead of per report, as on the records topic")
  boolean records;

  @Spec CommandSpec spec;

  private final ReportParser parser = new ReportParser();
  private final ReportMailParser mailParser = new ReportMailParser(parser);

  /** A handler for each report of a file, writing its lines to the file's output. */
  private interface Output {
    ReportHandler open(OutputStream lines) throws IOException;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int rejected = 0;
    for (Path file : files) {
      // a file's lines are printed only once all of it parsed, as when its reports were held whole
      try (Spool lines = new Spool()) {
        parse(file, output(file), lines.out());
        lines.copyTo(out);
      } catch (InvalidReportException e) {
        rejected++;
        err.println(file + ": " + e.getMessage());
      } catch (IOException e) {
        rejected++;
        err.println(file + ": cannot read: " + e.getMessage());
      }
    }
    out.flush();
    err.flush();
    return rejected == 0 ? 0 : 1;
  }

  private Output output(Path file) {
    if (summary) {
      return lines -> new SummaryLine(file, lines);
    }
    if (records) {
      return lines -> new AggregateRecordStream(record -> recordLine(lines, record));
    }
    return lines -> new ReportLine(file, lines);
  }

  private void parse(Path file, Output output, OutputStream lines) throws IOException, InvalidReportException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(64);
    }
    if (ContentKind.sniff(head, head.length) != ContentKind.UNKNOWN) {
      parse(() -> Files.newInputStream(file), output, lines);
      return;
    }
    // not an attachment: read it as a whole mail, which is bounded by what a mailbox accepts
    MailContents mail = mailParser.attachments(new RawMail("file", Files.readAllBytes(file)));
    List<String> rejected = new ArrayList<>(mail.refused());
    for (ReportAttachment attachment : mail.attachments()) {
      try {
        parse(attachment.content(), output, lines);
      } catch (InvalidReportException e) {
        rejected.add(attachment.description() + ": " + e.getMessage());
      } catch (IOException e) {
        rejected.add(attachment.description() + ": unreadable content: " + e.getMessage());
      }
    }
    if (!rejected.isEmpty()) {
      throw new InvalidReportException(String.join("; ", rejected));
    }
  }

  private void parse(ReportParser.Attachment attachment, Output output, OutputStream lines)
      throws IOException, InvalidReportException {
    ReportHandler handler = output.open(lines);
    try {
      parser.parse(attachment, handler);
    } finally {
      if (handler instanceof AutoCloseable closeable) {
        close(closeable);
      }
    }
  }

  private static void close(AutoCloseable closeable) throws IOException {
    try {
      closeable.close();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  private static void recordLine(OutputStream lines, AggregateRecord record) {
    try {
      lines.write(DmarcJson.encode(record));
      lines.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a record line: " + e.getMessage(), e);
    }
  }

  /** {@code --summary}: one line per report from its totals; the records are not kept. */
  private record SummaryLine(Path file, OutputStream lines) implements ReportHandler {
    @Override
    public void header(ReportHeader header, String fingerprint) {}

    @Override
    public void record(ReportRecord record) {}

    @Override
    public void end(ReportTotals totals) {
      String line = file
          + ": "
          + totals.records()
          + " records, "
          + totals.messages()
          + " messages, "
          + totals.warnings().size()
          + " warnings"
          + (totals.warnings().isEmpty()
              ? ""
              : " (" + String.join(", ", totals.warnings().stream().map(w -> w.code().word()).distinct().toList()) + ")");
      try {
        lines.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write a summary line: " + e.getMessage(), e);
      }
    }
  }
}
