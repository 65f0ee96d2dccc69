package org.dmarcpipeline.testing.services;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the forked local services share: short commands, system users, logs, stopping a process tree. */
final class ServiceProcesses {

  private ServiceProcesses() {}

  /** Runs a short command to its end; returns its exit code. */
  static int run(String... command) throws IOException {
    try {
      Process process =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("timed out: " + String.join(" ", command));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
  }

  /** Creates a system user without home or shell when it does not exist (needs root). */
  static void ensureSystemUser(String name) throws IOException {
    if (run("id", "-u", name) != 0) {
      run("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name);
    }
  }

  /** A service's log file, or nothing when it is not there (yet): logs only ever explain a failure. */
  static String readLog(java.nio.file.Path file) {
    try {
      return java.nio.file.Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Asks the process and all its descendants to stop, and kills those that do not in time. */
  static void stop(Process process, Duration grace) {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    stop(all, grace);
  }

  static void stop(List<ProcessHandle> handles, Duration grace) {
    handles.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : handles) {
      try {
        handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
  }

  /**
   * Waits until {@code port} on loopback accepts TCP connections.
   *
   * @param logs what to show when the service died or never listened
   * @throws IllegalStateException when the process exits first or the time runs out
   */
  static void awaitListening(String service, Process process, int port, Duration timeout,
      java.util.function.Supplier<String> logs) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(service + " exited while starting: " + logs.get());
      }
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + service, e);
        }
      }
    }
    throw new IllegalStateException(service + " not listening after " + timeout + ": " + logs.get());
  }
}
