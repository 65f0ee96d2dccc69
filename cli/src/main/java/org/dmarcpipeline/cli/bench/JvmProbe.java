package org.dmarcpipeline.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Heap and memory figures of another JVM, read from outside with the JDK's own tools ({@code
 * jstat}, {@code jcmd}) and {@code /proc}, so the measured process runs exactly as in production.
 */
final class JvmProbe {

  private final long pid;
  private final Path jdkBin = Path.of(System.getProperty("java.home"), "bin");
  private long peakHeapUsedKb;

  JvmProbe(long pid) {
    this.pid = pid;
  }

  boolean available() {
    return Files.isExecutable(jdkBin.resolve("jstat")) && Files.isExecutable(jdkBin.resolve("jcmd"));
  }

  /** Heap in use now (live and garbage), in KB; also kept as the peak. -1 when unreadable. */
  long sampleHeapUsedKb() {
    long used = heapUsedKb();
    peakHeapUsedKb = Math.max(peakHeapUsedKb, used);
    return used;
  }

  /** Heap still in use right after a full collection: what the process really holds, in KB. */
  long liveHeapKb() {
    run(jdkBin.resolve("jcmd").toString(), Long.toString(pid), "GC.run");
    return heapUsedKb();
  }

  long peakHeapUsedKb() {
    return peakHeapUsedKb;
  }

  /** Peak resident set size of the process (VmHWM), in KB; -1 when unreadable. */
  long peakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // process gone or not Linux
    }
    return -1;
  }

  private long heapUsedKb() {
    String output = run(jdkBin.resolve("jstat").toString(), "-gc", Long.toString(pid));
    String[] lines = output.strip().split("\n");
    if (lines.length < 2) {
      return -1;
    }
    List<String> names = Arrays.asList(lines[0].trim().split("\\s+"));
    String[] values = lines[1].trim().split("\\s+");
    double used = 0;
    for (String column : List.of("S0U", "S1U", "EU", "OU")) {
      int at = names.indexOf(column);
      if (at < 0 || at >= values.length) {
        return -1;
      }
      used += Double.parseDouble(values[at]);
    }
    return Math.round(used);
  }

  private static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = process.getInputStream().readAllBytes();
      process.waitFor(30, TimeUnit.SECONDS);
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
