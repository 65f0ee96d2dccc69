package org.dmarcpipeline.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * How busy each CPU was between two readings of {@code /proc/stat}: with {@code --pin} it tells
 * whether the pipeline's CPU or Elasticsearch's is the one that runs out, which the per-process
 * figures alone do not (they miss the kernel's work for loopback traffic and short-lived
 * processes).
 */
final class CpuShares {

  /** Per CPU: {busy, total} jiffies since boot. */
  private final List<long[]> jiffies;

  private CpuShares(List<long[]> jiffies) {
    this.jiffies = jiffies;
  }

  static CpuShares read() {
    List<long[]> cpus = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
        // "cpu0 user nice system idle iowait irq softirq steal ..." (the plain "cpu" line is the sum)
        if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
          continue;
        }
        String[] fields = line.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i <= 8 && i < fields.length; i++) {
          total += Long.parseLong(fields[i]);
        }
        // idle, waiting for I/O, or taken by the hypervisor for another machine: not our work
        long notBusy = Long.parseLong(fields[4]) + Long.parseLong(fields[5]) + Long.parseLong(fields[8]);
        cpus.add(new long[] {total - notBusy, total});
      }
    } catch (IOException | RuntimeException e) {
      return new CpuShares(List.of());
    }
    return new CpuShares(cpus);
  }

  /** "97% / 74%": each CPU's busy share since {@code earlier}; empty when not readable. */
  String busySince(CpuShares earlier) {
    if (jiffies.isEmpty() || jiffies.size() != earlier.jiffies.size()) {
      return "";
    }
    StringJoiner shares = new StringJoiner(" / ");
    for (int cpu = 0; cpu < jiffies.size(); cpu++) {
      long busy = jiffies.get(cpu)[0] - earlier.jiffies.get(cpu)[0];
      long total = jiffies.get(cpu)[1] - earlier.jiffies.get(cpu)[1];
      shares.add(total == 0 ? "-" : "%.0f%%".formatted(100.0 * busy / total));
    }
    return shares.toString();
  }
}
