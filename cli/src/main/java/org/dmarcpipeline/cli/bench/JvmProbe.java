package org.dmarcpipeline.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap, memory and CPU figures of another JVM, read from outside so that the measured process
 * runs exactly as in production: heap from the child's own GC log ({@code -Xlog:gc}, see {@link
 * #gcLogFlag}), memory and CPU time from {@code /proc}.
 *
 * <p>The heap is not polled with {@code jstat}: each poll starts a JVM, and polling twice a second
 * took a fifth of the CPU that the pipeline shares with it. The GC log costs nothing and is exact:
 * the heap in use peaks just before a collection, and every collection logs that figure.
 */
final class JvmProbe {

  /** {@code GC(12) Pause Young (Normal) (G1 Evacuation Pause) 180M->31M(256M) 4.2ms} */
  private static final Pattern COLLECTION =
      Pattern.compile("GC\\(\\d+\\) Pause (\\w+).*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  private final long pid;
  private final Path gcLog;
  private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");

  JvmProbe(long pid, Path gcLog) {
    this.pid = pid;
    this.gcLog = gcLog;
  }

  /** The flag that makes a child JVM write the log this probe reads. */
  static String gcLogFlag(Path gcLog) {
    return "-Xlog:gc:file=" + gcLog + ":uptime";
  }

  boolean available() {
    return Files.isExecutable(jcmd);
  }

  /**
   * Heap still in use right after a full collection: what the process really holds, in KB; -1
   * when the collection did not show up in the log within ten seconds.
   */
  long liveHeapKb() throws InterruptedException {
    int fullBefore = collections("Full").size();
    run(jcmd.toString(), Long.toString(pid), "GC.run");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      List<long[]> full = collections("Full");
      if (full.size() > fullBefore) {
        return full.getLast()[1];
      }
      Thread.sleep(50);
    }
    return -1;
  }

  /** Most heap in use at any time so far (just before a collection), in KB. */
  long peakHeapUsedKb() {
    return collections("").stream().mapToLong(c -> c[0]).max().orElse(-1);
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

  /** CPU time the process has used so far, user and system, in seconds; -1 when unreadable. */
  static double cpuSeconds(long pid) {
    return cpuSeconds(pid, false);
  }

  /** @param withExitedChildren also the time of children that exited and were waited for */
  private static double cpuSeconds(long pid, boolean withExitedChildren) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name in parentheses may hold spaces: fields are counted after it
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      if (withExitedChildren) {
        ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
      }
      return ticks / 100.0; // USER_HZ is 100 on every Linux the benchmark runs on
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * CPU time of a process and its children so far, in seconds: the live ones' own time plus what
   * the parent collected from those that exited, so that a later reading minus an earlier one is
   * the tree's CPU in between even when children come and go (Dovecot's login and imap processes).
   */
  static double treeCpuSeconds(ProcessHandle root) {
    double seconds = cpuSeconds(root.pid(), true);
    for (ProcessHandle child : root.descendants().toList()) {
      seconds += Math.max(0, cpuSeconds(child.pid(), true));
    }
    return seconds;
  }

  double cpuSeconds() {
    return cpuSeconds(pid);
  }

  /** {before, after} in KB of each logged collection whose kind starts with {@code kind}. */
  private List<long[]> collections(String kind) {
    List<String> lines;
    try {
      lines = Files.readAllLines(gcLog, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
    return lines.stream()
        .map(COLLECTION::matcher)
        .filter(Matcher::find)
        .filter(m -> m.group(1).startsWith(kind))
        .map(m -> new long[] {kb(m.group(2), m.group(3)), kb(m.group(4), m.group(5))})
        .toList();
  }

  private static long kb(String amount, String unit) {
    long value = Long.parseLong(amount);
    return switch (unit) {
      case "G" -> value << 20;
      case "M" -> value << 10;
      default -> value;
    };
  }

  private static void run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no figure then: liveHeapKb says -1
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
