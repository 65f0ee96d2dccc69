package org.dmarcpipeline.cli;

import org.dmarcpipeline.schema.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/dmarc}: the one entry point for users. */
@Command(
    name = "dmarc",
    mixinStandardHelpOptions = true,
    version = "dmarc-pipeline 0.1.0",
    description = "DMARC aggregate report pipeline: IMAP -> Kafka -> DNS cross-check -> Elasticsearch.",
    subcommands = {
      DemoCommand.class,
      ParseCommand.class,
      GenerateCommand.class,
      BenchCommand.class,
      BackfillCommand.class,
      CheckDomainCommand.class,
      SummaryCommand.class,
      SetupElasticsearchCommand.class,
      ReplayCommand.class,
      IngestCommand.class,
      ProcessCommand.class,
      CommandLine.HelpCommand.class
    })
public final class DmarcCli {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return new CommandLine(new DmarcCli()).setExecutionExceptionHandler(DmarcCli::configProblem).execute(args);
  }

  /** Every command reports bad settings the same way: each problem on stderr, exit code 2. */
  private static int configProblem(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
    if (e instanceof ConfigException) {
      command.getErr().println(e.getMessage());
      return 2;
    }
    throw e;
  }
}
