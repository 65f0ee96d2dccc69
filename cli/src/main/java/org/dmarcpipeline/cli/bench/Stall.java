package org.dmarcpipeline.cli.bench;

import java.nio.file.Path;
import java.time.Duration;

/** Stops a run whose JVMs died or whose count of searchable rows stood still for five minutes. */
final class Stall {

  private final Process ingest;
  private final Process processor;
  /** Where the JVMs' logs are, for the message. */
  private final Path work;
  private long lastCount = -1;
  private long lastProgress = System.nanoTime();

  Stall(Process ingest, Process processor, Path work) {
    this.ingest = ingest;
    this.processor = processor;
    this.work = work;
  }

  void check(long indexed, long rows) {
    if (!ingest.isAlive() || !processor.isAlive()) {
      throw new IllegalStateException("a pipeline JVM exited; logs in " + work);
    }
    if (indexed != lastCount) {
      lastCount = indexed;
      lastProgress = System.nanoTime();
    } else if (System.nanoTime() - lastProgress > Duration.ofMinutes(5).toNanos()) {
      throw new IllegalStateException("no progress for 5 minutes at " + indexed + " of " + rows + " rows; logs in " + work);
    }
  }
}
