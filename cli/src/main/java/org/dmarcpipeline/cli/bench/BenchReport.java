package org.dmarcpipeline.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The figures of a run as the markdown table that docs/performance.md holds: printed at the end,
 * and with {@code --write-doc} put between the document's markers.
 */
final class BenchReport {

  /** One row of the table; {@code ratio} is empty for figures not compared with the limit. */
  record Figure(String name, String value, String ratio) {}

  private final PrintWriter out;
  private final Progress progress;
  private final List<Figure> figures = new ArrayList<>();
  /** Figures of the end-to-end runs, listed after the headline ones. */
  private final List<Figure> runFigures = new ArrayList<>();
  private final List<String> heapLines = new ArrayList<>();

  BenchReport(PrintWriter out, Progress progress) {
    this.out = out;
    this.progress = progress;
  }

  void add(String name, String value, String ratio) {
    figures.add(new Figure(name, value, ratio));
  }

  /** A figure of an end-to-end run, kept until {@link #addRunFigures()} places them. */
  void addRun(String name, String value) {
    runFigures.add(new Figure(name, value, ""));
  }

  void addRunFigures() {
    figures.addAll(runFigures);
  }

  /** A row of the heap table: run | mails | ingest MB | processor MB. */
  void heapLine(String line) {
    heapLines.add(line);
  }

  /** A figure of the limit, and of the limit with DNS beside it when there is one ({@code enriched} nullable). */
  void addLimit(String name, Limit plain, Limit enriched, String format, ToDoubleFunction<Limit> figure, String unit) {
    if (enriched == null) {
      add(name, format.formatted(figure.applyAsDouble(plain)) + unit, "");
    } else {
      add(name + ": documents without / with DNS findings",
          format.formatted(figure.applyAsDouble(plain)) + " / " + format.formatted(figure.applyAsDouble(enriched)) + unit, "");
    }
  }

  static String rate(double perSecond, String unit) {
    return "%,.0f %s".formatted(perSecond, unit);
  }

  void write(EndToEndBenchmark.Workload workload, WorkloadMails mails, String layout) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append("Command:\n\n```bash\n").append(workload.command()).append("\n```\n\n");
    text.append("Workload: %,d report mails (%,d MB), %,d rows%s; generator seed %d. ".formatted(mails.count(), mails.bytes() >> 20,
        mails.rows(), workload.bigRows() > 0 ? ", one of them a single report of %,d rows".formatted(workload.bigRows()) : "",
        workload.seed()));
    text.append("Machine: %d cores, %,d GB, %s %s; %s. Every service on this machine: Kafka in the benchmark's JVM, "
        .formatted(BenchStack.MACHINE_CPUS, physicalMemoryGb(), System.getProperty("java.vm.vendor"),
            System.getProperty("java.version"), LocalDate.now()));
    text.append("Elasticsearch forked with 512 MB of heap, Dovecot, ingest and processor as separate JVMs; %s.\n\n".formatted(layout));
    text.append("| figure | value | ratio to the limit |\n|---|---:|---:|\n");
    for (Figure figure : figures) {
      text.append("| ").append(figure.name()).append(" | ").append(figure.value()).append(" | ").append(figure.ratio()).append(" |\n");
    }
    if (!heapLines.isEmpty()) {
      text.append("\nHeap still in use after a full collection, after every 1,000 mails drained (MB):\n\n");
      text.append("| run | mails | ingest | processor |\n|---|---:|---:|---:|\n");
      heapLines.forEach(line -> text.append("| ").append(line).append(" |\n"));
    }
    out.println();
    out.print(text);
    out.flush();
    if (workload.writeDoc() != null) {
      String doc = Files.readString(workload.writeDoc());
      String begin = "<!-- bench e2e: begin -->";
      String end = "<!-- bench e2e: end -->";
      int from = doc.indexOf(begin);
      int to = doc.indexOf(end);
      String section = begin + "\n" + text + end;
      doc = from >= 0 && to > from ? doc.substring(0, from) + section + doc.substring(to + end.length())
          : doc + "\n## End to end (issue 8)\n\n" + section + "\n";
      Files.writeString(workload.writeDoc(), doc);
      progress.say("Figures written to %s", workload.writeDoc());
    }
  }

  private static long physicalMemoryGb() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean bean ? Math.round(bean.getTotalMemorySize() / 1e9) : -1;
  }
}
