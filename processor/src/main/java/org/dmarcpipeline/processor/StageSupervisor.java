package org.dmarcpipeline.processor;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process when one of the processor's threads dies of something nobody handled: one line
 * naming the thread and the cause, then a non-zero exit. A JVM whose poll loop is gone but that
 * stays up indexes nothing and says nothing; a process that exits is restarted by whatever runs it.
 */
final class StageSupervisor implements Thread.UncaughtExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(StageSupervisor.class);

  /** The exit status of a processor whose thread died. */
  static final int FAILED = 1;

  /** How the process ends. */
  @FunctionalInterface
  interface Exit {
    void exit(int status);

    /**
     * {@link System#exit} from a thread of its own: the shutdown hook that stops the stage waits
     * for the dying thread, which must not be the one blocked in {@code exit}.
     */
    Exit SYSTEM = status -> Thread.ofPlatform().name("dmarc-processor-exit").start(() -> System.exit(status));
  }

  private final Exit exit;
  private final AtomicBoolean stopping = new AtomicBoolean();

  StageSupervisor(Exit exit) {
    this.exit = exit;
  }

  /** The stage is being stopped: a thread failing now is reported, and the stop goes on. */
  void stopping() {
    stopping.set(true);
  }

  @Override
  public void uncaughtException(Thread thread, Throwable failure) {
    if (stopping.get()) {
      LOG.warn("processor thread {} failed while stopping: {}", thread.getName(), describe(failure));
      LOG.debug("stack of the failure", failure);
      return;
    }
    LOG.error("processor exiting: thread {} failed: {}", thread.getName(), describe(failure));
    LOG.debug("stack of the failure", failure);
    exit.exit(FAILED);
  }

  /** The failure and, when it wraps one, its root cause: what an operator needs, on one line. */
  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String line = root == failure ? failure.toString() : failure + " (caused by " + root + ")";
    return line.replaceAll("\\R", " ");
  }
}
