package org.dmarcpipeline.cli.bench;

import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.ReportHandler;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.model.ReportHeader;
import org.dmarcpipeline.schema.model.ReportRecord;
import org.dmarcpipeline.schema.model.ReportTotals;
import org.dmarcpipeline.schema.xml.AggregateReportReader;
import org.dmarcpipeline.schema.xml.SecureXmlInputFactory;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.services.ChildJvm;

/**
 * Parse throughput on one thread, against the limit measured in the same run: a bare StAX pass
 * (same secure factory, every event read, nothing built) over the same bytes. Also the peak heap
 * of a 1,000,000-record report parsed in a JVM capped at 256 MB.
 */
public final class ParseBenchmark {

  private final PrintWriter out;

  public ParseBenchmark(PrintWriter out) {
    this.out = out;
  }

  public void run(int reports, int maxRows, long seed, int millionRows, int rounds) throws Exception {
    out.printf("Generating %d reports of 1 to %d records (seed %d)...%n", reports, maxRows, seed);
    out.flush();
    ReportGenerator generator = new ReportGenerator(seed);
    List<byte[]> workload = new ArrayList<>(reports);
    long records = 0;
    long bytes = 0;
    for (int i = 0; i < reports; i++) {
      GeneratedReport report = generator.next(maxRows);
      workload.add(report.xml());
      records += report.rows();
      bytes += report.xml().length;
    }
    out.printf("Workload: %,d records, %,d bytes of XML%n", records, bytes);

    XMLInputFactory factory = SecureXmlInputFactory.create();
    AggregateReportReader reader = new AggregateReportReader();
    ReportParser parser = new ReportParser();
    // warm-up round, results discarded
    bareStax(factory, workload);
    parseAndNormalize(reader, workload);
    pipelineParse(parser, workload);

    double best0 = 0;
    double best1 = 0;
    double best2 = 0;
    for (int round = 0; round < rounds; round++) {
      best0 = Math.max(best0, rate(records, () -> bareStax(factory, workload)));
      best1 = Math.max(best1, rate(records, () -> parseAndNormalize(reader, workload)));
      best2 = Math.max(best2, rate(records, () -> pipelineParse(parser, workload)));
    }
    out.println();
    out.printf("%-48s %,12.0f records/s%n", "bare StAX pass (the limit)", best0);
    out.printf("%-48s %,12.0f records/s   ratio %.2f of StAX%n", "parse + normalize (reader + mapper)", best1, best1 / best0);
    out.printf("%-48s %,12.0f records/s   ratio %.2f of StAX%n", "ingest parse (ReportParser: one pass, or two)", best2, best2 / best0);
    out.printf("best of %d rounds after one warm-up round, one thread%n", rounds);
    out.flush();

    if (millionRows > 0) {
      million(millionRows, seed);
    }
  }

  private interface Pass {
    long run() throws Exception;
  }

  private static double rate(long expected, Pass pass) throws Exception {
    long start = System.nanoTime();
    long seen = pass.run();
    long elapsed = System.nanoTime() - start;
    if (seen != expected) {
      throw new IllegalStateException("counted " + seen + " records, expected " + expected);
    }
    return seen / (elapsed / 1e9);
  }

  static long bareStax(XMLInputFactory factory, List<byte[]> workload) throws XMLStreamException {
    long records = 0;
    for (byte[] xml : workload) {
      XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
      while (reader.hasNext()) {
        if (reader.next() == XMLStreamConstants.START_ELEMENT && "record".equals(reader.getLocalName())) {
          records++;
        }
      }
      reader.close();
    }
    return records;
  }

  static long parseAndNormalize(AggregateReportReader reader, List<byte[]> workload) throws InvalidReportException {
    Counter counter = new Counter();
    for (byte[] xml : workload) {
      reader.read(new ByteArrayInputStream(xml), "", counter);
    }
    return counter.records;
  }

  static long pipelineParse(ReportParser parser, List<byte[]> workload) throws Exception {
    Counter counter = new Counter();
    for (byte[] xml : workload) {
      parser.parse(() -> new ByteArrayInputStream(xml), counter);
    }
    return counter.records;
  }

  /** Writes a gzipped report of {@code rows} records and parses it in a child JVM with -Xmx256m. */
  private void million(int rows, long seed) throws Exception {
    Path file = Files.createTempFile("dmarc-million-", ".xml.gz");
    try {
      try (Writer writer = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
        new ReportGenerator(seed).write(writer, rows, 0);
      }
      out.printf("%nA %,d-record report (%,d bytes gzipped), parsed in a child JVM with -Xmx256m:%n", rows, Files.size(file));
      out.flush();
      Process child =
          new ProcessBuilder(ChildJvm.command(List.of("-Xmx256m"), MillionRecordChild.class.getName(), file.toString()))
              .redirectErrorStream(true)
              .start();
      try (InputStream childOut = child.getInputStream()) {
        out.print(new String(childOut.readAllBytes(), StandardCharsets.UTF_8));
      }
      if (!child.waitFor(10, TimeUnit.MINUTES) || child.exitValue() != 0) {
        throw new IllegalStateException("the 1M-record parse failed (exit " + child.exitValue() + ")");
      }
      out.flush();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Counts records; builds nothing. */
  static final class Counter implements ReportHandler {
    long records;

    @Override
    public void header(ReportHeader header, String fingerprint) {}

    @Override
    public void record(ReportRecord record) {
      records++;
    }

    @Override
    public void end(ReportTotals totals) {}
  }

  /** Runs in the capped JVM. */
  public static final class MillionRecordChild {
    public static void main(String[] args) throws Exception {
      Path file = Path.of(args[0]);
      Counter counter = new Counter();
      long start = System.nanoTime();
      ReportTotals totals = new ReportParser().parse(() -> Files.newInputStream(file), counter);
      double seconds = (System.nanoTime() - start) / 1e9;
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      long max = Runtime.getRuntime().maxMemory();
      System.out.printf("  records parsed           %,d (of %,d record elements)%n", counter.records, totals.recordElements());
      System.out.printf("  time (check, then parse) %.1f s, %,.0f records/s%n", seconds, counter.records / seconds);
      System.out.printf("  peak heap (sum of pools) %,d MB of %,d MB max%n", peak >> 20, max >> 20);
    }
  }
}
