package org.dmarcpipeline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.generate.ReportMails;
import org.dmarcpipeline.testing.generate.ReportPacking;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmarc generate}: synthetic reports for demos, tests and benchmarks. */
@Command(
    name = "generate",
    description = "Write realistic synthetic aggregate reports (xml, gz, zip, and some .eml mails).")
final class GenerateCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, description = "output directory (created)")
  Path out;

  @Option(names = "--reports", defaultValue = "100", description = "number of reports (default ${DEFAULT-VALUE})")
  int reports;

  @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--max-rows", defaultValue = "500", description = "rows per report, 1 to this (default ${DEFAULT-VALUE})")
  int maxRows;

  @Option(names = "--rows", description = "exactly this many rows in every report (overrides --max-rows)")
  Integer rows;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Files.createDirectories(out);
    ReportGenerator generator = new ReportGenerator(seed);
    ReportPacking[] packings = ReportPacking.values();
    long totalRows = 0;
    for (int i = 0; i < reports; i++) {
      GeneratedReport report = rows != null ? generator.next(rows, i) : generator.next(maxRows);
      ReportPacking packing = packings[i % packings.length];
      if (i % 4 == 3) {
        Files.write(
            out.resolve(packing.fileName(report) + ".eml"),
            ReportMails.mail(report, packing, "dmarc-reports@example.com"));
      } else {
        Files.write(out.resolve(packing.fileName(report)), packing.pack(report));
      }
      totalRows += report.rows();
    }
    spec.commandLine().getOut().printf("wrote %d reports (%d rows) to %s%n", reports, totalRows, out);
    return 0;
  }
}
