package org.dmarcpipeline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dmarcpipeline.ingest.mail.ParsedMail;
import org.dmarcpipeline.ingest.mail.RawMail;
import org.dmarcpipeline.ingest.mail.ReportMailParser;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.unpack.ContentKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmarc parse FILE...}: one JSON line per report, one error line per rejected file. */
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

  @Spec CommandSpec spec;

  private final ReportParser parser = new ReportParser();
  private final ReportMailParser mailParser = new ReportMailParser(parser);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int rejected = 0;
    for (Path file : files) {
      try {
        List<AggregateReport> reports = parse(file);
        for (AggregateReport report : reports) {
          out.println(summary ? summaryLine(file, report) : jsonLine(file, report));
        }
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

  private List<AggregateReport> parse(Path file) throws IOException, InvalidReportException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(64);
    }
    if (ContentKind.sniff(head, head.length) == ContentKind.UNKNOWN) {
      // not an attachment: read it as a whole mail
      ParsedMail mail = mailParser.parse(new RawMail("file", Files.readAllBytes(file)));
      if (!mail.rejected().isEmpty()) {
        throw new InvalidReportException(String.join("; ", mail.rejected()));
      }
      return mail.reports();
    }
    return List.of(parser.parse(() -> Files.newInputStream(file)));
  }

  private static String jsonLine(Path file, AggregateReport report) {
    ObjectNode node = DmarcJson.mapper().valueToTree(report);
    node.put("file", file.toString());
    return node.toString();
  }

  private static String summaryLine(Path file, AggregateReport report) {
    long messages = report.records().stream().mapToLong(r -> r.row().count()).sum();
    return file
        + ": "
        + report.records().size()
        + " records, "
        + messages
        + " messages, "
        + report.warnings().size()
        + " warnings"
        + (report.warnings().isEmpty()
            ? ""
            : " (" + String.join(", ", report.warnings().stream().map(w -> w.code()).distinct().toList()) + ")");
  }
}
