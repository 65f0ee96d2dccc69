package org.dmarcpipeline.cli.bench;

import java.io.PrintWriter;

/** The benchmark's progress lines, flushed one by one so that a long run shows where it is. */
record Progress(PrintWriter out) {

  void say(String format, Object... args) {
    out.printf(format + "%n", args);
    out.flush();
  }

  /** Seconds since {@code startNanos}, a {@link System#nanoTime()} reading. */
  static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** A stage that saw another number of rows than the workload has measured something else: it stops the run. */
  static void expectRows(long seen, long expected, String stage) {
    if (seen != expected) {
      throw new IllegalStateException(stage + " saw " + seen + " rows, expected " + expected);
    }
  }
}
