package org.dmarcpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmarcpipeline.testing.hostile.HostileMails;
import org.dmarcpipeline.testing.services.ChildJvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * {@code bin/dmarc parse --summary} over the hostile mails of {@link HostileMails}, in a JVM with
 * ingest's heap ({@code -Xmx256m}): the same answers as ingest's own path (HostileMailsTest), one
 * line each, and nothing on stderr but the refusals.
 */
class ParseHostileMailsIT {

  static final List<HostileMails.Case> CASES = HostileMails.CASES;

  @TempDir static Path dir;
  private static List<String> printed;
  private static List<String> refusals;

  @BeforeAll
  static void parseEveryMailInA256MbJvm() throws Exception {
    Path mails = Files.createDirectory(dir.resolve("mails"));
    HostileMails.writeAll(mails);
    List<String> args = new ArrayList<>(List.of("parse", "--summary"));
    for (HostileMails.Case hostile : CASES) {
      args.add(mails.resolve(hostile.mail()).toString());
    }
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process parse = new ProcessBuilder(ChildJvm.command(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
            DmarcCli.class.getName(), args.toArray(String[]::new)))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    assertThat(parse.waitFor(5, TimeUnit.MINUTES)).as("parse finished").isTrue();
    printed = Files.readAllLines(out);
    refusals = Files.readAllLines(err);
    assertThat(parse.exitValue()).as("exit code: 1, some files were refused; stderr:%n%s", refusals).isEqualTo(1);
    assertThat(refusals).allSatisfy(line -> assertThat(line).contains(".eml: ")
        .doesNotContain("OutOfMemoryError", "StackOverflowError", "Exception", "[Fatal Error]"));
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("CASES")
  void eachHostileMailShouldBeRefusedWithItsLimitOrParsedWhole(HostileMails.Case hostile) {
    String prefix = dir.resolve("mails").resolve(hostile.mail()) + ": ";
    if (hostile.refused()) {
      assertThat(refusals).filteredOn(line -> line.startsWith(prefix)).singleElement().asString().contains(hostile.refusal());
      assertThat(printed).noneMatch(line -> line.startsWith(prefix));
    } else {
      assertThat(printed).filteredOn(line -> line.startsWith(prefix)).singleElement().asString()
          .startsWith(prefix + hostile.rows() + " records");
    }
  }
}
