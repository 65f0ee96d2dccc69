package org.dmarcpipeline.cli;

import java.util.concurrent.Callable;
import org.dmarcpipeline.cli.bench.EndToEndBenchmark;
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
      "  dns     DNS questions sent per unique (name, type) asked by the cross-check (needs nsd)",
      "  e2e     mailbox backlog -> Elasticsearch vs Elasticsearch's own bulk rate, each stage alone,",
      "          heap and RSS of ingest (-Xmx256m) and processor (-Xmx512m) (needs dovecot; nsd with --dns)"
    })
final class BenchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "WHAT", description = "parse, dns or e2e")
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

  @Option(names = "--mails", defaultValue = "10000", description = "e2e: report mails in the backlog (default ${DEFAULT-VALUE})")
  int mails;

  @Option(names = "--dns", description = "e2e: a second end-to-end run with the DNS cross-check on (needs nsd)")
  boolean dns;

  @Option(names = "--pin", description = "e2e: Elasticsearch on a CPU of its own, everything else on the others, in every measurement (needs taskset)")
  boolean pin;

  @Option(names = "--write-doc", description = "e2e: put the figures into this markdown file (docs/performance.md)")
  java.nio.file.Path writeDoc;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    switch (what) {
      case "parse" -> new ParseBenchmark(spec.commandLine().getOut()).run(reports, maxRows, seed, million, rounds);
      case "dns" -> new org.dmarcpipeline.cli.bench.DnsBenchmark(spec.commandLine().getOut()).run(Math.min(reports, 200), maxRows, seed);
      case "e2e" -> new EndToEndBenchmark(spec.commandLine().getOut()).run(new EndToEndBenchmark.Workload(mails, maxRows, million, seed,
          dns, pin, writeDoc, "bin/dmarc bench e2e --mails %d --max-rows %d --million %d --seed %d%s%s".formatted(mails, maxRows, million,
              seed, pin ? " --pin" : "", dns ? " --dns" : "")));
      default -> {
        spec.commandLine().getErr().println("unknown benchmark: " + what + " (known: parse, dns, e2e)");
        return 2;
      }
    }
    return 0;
  }
}
