package org.dmarcpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.services.ChildJvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmarc parse} in a JVM of its own with a small heap: its memory must not grow with a report. */
class ParseCommandIT {

  private static final int RECORDS = 50_000;

  @TempDir static Path dir;
  private static Path report;

  @BeforeAll
  static void largeReport() throws IOException {
    report = dir.resolve("large.xml");
    try (Writer out = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
      new ReportGenerator(7).write(out, RECORDS, 1); // about 34 MB of XML
    }
  }

  @Test
  void parseShouldPrintALargeReportAsOneLineWhenTheHeapIs256Mb() throws Exception {
    Path out = parse("-Xmx256m", "report.json", "parse", report.toString());

    try (BufferedReader lines = Files.newBufferedReader(out)) {
      assertThat(recordsInLine(lines.readLine())).isEqualTo(RECORDS);
      assertThat(lines.readLine()).as("one line per report").isNull();
    }
  }

  @Test
  void parseShouldPrintOneLinePerRecordWhenAskedWithRecords() throws Exception {
    Path out = parse("-Xmx256m", "records.json", "parse", "--records", report.toString());

    try (var lines = Files.lines(out)) {
      assertThat(lines.count()).isEqualTo(RECORDS);
    }
  }

  @Test
  void parseMemoryShouldNotGrowWithTheReportWhenTheHeapIsFarSmallerThanIt() throws Exception {
    // the report held whole, as a JSON tree, needed more than 128 MB
    Path out = parse("-Xmx64m", "small-heap.json", "parse", report.toString());

    try (BufferedReader lines = Files.newBufferedReader(out)) {
      assertThat(recordsInLine(lines.readLine())).isEqualTo(RECORDS);
    }
  }

  private static Path parse(String heap, String outName, String... args) throws Exception {
    Path out = dir.resolve(outName);
    Path err = dir.resolve(outName + ".err");
    Process child = new ProcessBuilder(ChildJvm.command(List.of(heap), DmarcCli.class.getName(), args))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("parse finished").isTrue();
    assertThat(child.exitValue()).as(Files.readString(err)).isZero();
    return out;
  }

  /** The length of the line's {@code records} array, read as a stream (the line is tens of MB). */
  private static int recordsInLine(String line) throws IOException {
    assertThat(line).isNotNull();
    try (JsonParser json = DmarcJson.mapper().createParser(line)) {
      assertThat(json.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        json.nextToken();
        if (field.equals("records")) {
          int records = 0;
          while (json.nextToken() == JsonToken.START_OBJECT) {
            json.skipChildren();
            records++;
          }
          return records;
        }
        json.skipChildren();
      }
    }
    throw new AssertionError("no records field");
  }
}
