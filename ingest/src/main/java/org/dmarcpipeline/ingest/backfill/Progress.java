package org.dmarcpipeline.ingest.backfill;

import java.io.PrintWriter;

/** A one-line progress bar, redrawn at most five times a second, then a summary. */
final class Progress {

  private static final long REDRAW_NANOS = 200_000_000L;

  private final int totalFiles;
  private final PrintWriter out;
  private final long start = System.nanoTime();
  private long lastDraw;
  private int files;
  private int items;
  private int reports;
  private long rows;
  private int rejected;

  Progress(int totalFiles, PrintWriter out) {
    this.totalFiles = totalFiles;
    this.out = out;
  }

  void published(int reportCount, long rowCount) {
    items++;
    reports += reportCount;
    rows += rowCount;
    draw(false);
  }

  void rejected(String reason) {
    items++;
    rejected++;
    out.printf("\r%-110s%n", "  rejected " + reason);
    draw(true);
  }

  void fileDone() {
    files++;
    draw(false);
  }

  void finish() {
    draw(true);
    out.println();
    out.flush();
  }

  Backfill.Result result() {
    return new Backfill.Result(files, items, reports, rows, rejected, seconds());
  }

  private double seconds() {
    return Math.max(1e-9, (System.nanoTime() - start) / 1e9);
  }

  private void draw(boolean force) {
    long now = System.nanoTime();
    if (!force && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    int width = 24;
    int done = totalFiles == 0 ? width : (int) ((long) files * width / totalFiles);
    String line = String.format(
        "[%s%s] files %d/%d  reports %,d  rows %,d  %,.0f rows/s  errors %d",
        "#".repeat(done), " ".repeat(width - done), files, totalFiles, reports, rows, rows / seconds(), rejected);
    // padded rather than cleared with escape codes, which log files would keep
    out.printf("\r%-110s", line);
    out.flush();
  }
}
