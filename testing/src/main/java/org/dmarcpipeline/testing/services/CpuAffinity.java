package org.dmarcpipeline.testing.services;

import java.io.IOException;

/**
 * Pins a running process, every thread of it, to a set of CPUs with util-linux's {@code taskset};
 * threads and processes it starts afterwards inherit the set.
 */
public final class CpuAffinity {

  private CpuAffinity() {}

  public static void pin(long pid, String cpus) throws IOException {
    if (ServiceProcesses.run("taskset", "--all-tasks", "--cpu-list", "--pid", cpus, Long.toString(pid)) != 0) {
      throw new IOException("taskset could not pin process " + pid + " to CPUs " + cpus);
    }
  }
}
