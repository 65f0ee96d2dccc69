package org.dmarcpipeline.cli;

import java.util.concurrent.Callable;
import org.dmarcpipeline.cli.bench.ParseBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmarc bench parse}: figures for docs/performance.md. */
@Command(
    name = "bench",
    description = {
      "Run a benchmark and print its figures as ratios against a limit measured in the same run.",
      "  parse   records/s of parse + normalize vs a bare StAX pass; peak heap of a 1M-record report",
      "  dns     DNS questions sent per unique (name, type) asked by the cross-check (needs nsd)"
    })
final class BenchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "WHAT", description = "parse or dns")
  String what;

  @Option(names = "--reports", defaultValue = "2000", description = "reports in the workload (default ${DEFAULT-VALUE})")
  int reports;

  @Option(names = "--max-rows", defaultValue = "500", description = "records per report, 1 to this (default ${DEFAULT-VALUE})")
  int maxRows;

  @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--million", defaultValue = "1000000", description = "records of the big report, 0 to skip (default ${DEFAULT-VALUE})")
  int million;

  @Option(names = "--rounds", defaultValue = "3", description = "measured rounds (default ${DEFAULT-VALUE})")
  int rounds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    switch (what) {
      case "parse" -> new ParseBenchmark(spec.commandLine().getOut()).run(reports, maxRows, seed, million, rounds);
      case "dns" -> new org.dmarcpipeline.cli.bench.DnsBenchmark(spec.commandLine().getOut()).run(Math.min(reports, 200), maxRows, seed);
      default -> {
        spec.commandLine().getErr().println("unknown benchmark: " + what + " (known: parse, dns)");
        return 2;
      }
    }
    return 0;
  }
}
