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
    return new CommandLine(new DmarcCli()).setExecutionExceptionHandler(DmarcCli::failure).execute(args);
  }

  /**
   * Every command ends the same way when it cannot go on: bad settings, each problem on stderr,
   * exit code 2; anything else (a server that does not answer, a certificate that does not
   * verify), one line naming the command and the cause, exit code 1. The stack trace only with
   * {@code DMARC_DEBUG} set: it helps a developer, not a user.
   */
  private static int failure(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    if (e instanceof ConfigException) {
      command.getErr().println(e.getMessage());
      return 2;
    }
    command.getErr().println("dmarc " + command.getCommandName() + ": " + cause(e));
    if (System.getenv("DMARC_DEBUG") != null) {
      e.printStackTrace(command.getErr());
    }
    return 1;
  }

  /** The innermost cause that says something, with its kind: the outer ones only wrap it. */
  static String cause(Throwable e) {
    Throwable said = e;
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        said = t;
      }
    }
    String message = said.getMessage() == null ? "" : ": " + said.getMessage().replaceAll("\\s+", " ").strip();
    return said.getClass().getSimpleName() + message;
  }
}
