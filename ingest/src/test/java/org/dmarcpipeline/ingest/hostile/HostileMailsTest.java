package org.dmarcpipeline.ingest.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmarcpipeline.testing.hostile.HostileMails;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Hostile and large report mails ({@link HostileMails}) through ingest's own path in a child JVM
 * with the heap ingest is promised ({@code -Xmx256m}, docs/configuration.md): each is refused with
 * the limit or the field it broke, or read whole; none ends in an OutOfMemoryError, a stack trace
 * or a line on stderr. {@code ParseHostileMailsIT} holds {@code bin/dmarc parse} to the same table.
 */
class HostileMailsTest {

  static final List<HostileMails.Case> CASES = HostileMails.CASES;

  @TempDir static Path mails;
  private static Map<String, String> outcomes;

  @BeforeAll
  static void runEveryMailThroughIngestInA256MbJvm() throws Exception {
    HostileMails.writeAll(mails);
    Process probe = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
            "-cp", System.getProperty("java.class.path"),
            IngestPathProbe.class.getName(), mails.toString())
        .redirectErrorStream(true)
        .start();
    String printed = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor(5, TimeUnit.MINUTES)).as("the probe finished").isTrue();
    assertThat(probe.exitValue()).as("probe exit code; it printed:%n%s", printed).isZero();
    assertThat(printed).doesNotContain("OutOfMemoryError", "StackOverflowError", "CRASH", "\tat ", "[Fatal Error]");
    outcomes = new LinkedHashMap<>();
    printed.lines().filter(line -> line.contains(".eml: ")).forEach(line -> {
      int colon = line.indexOf(".eml: ");
      outcomes.put(line.substring(0, colon + 4), line.substring(colon + 6));
    });
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("CASES")
  void eachHostileMailShouldBeRefusedWithItsLimitOrPublishedWhole(HostileMails.Case hostile) {
    assertThat(outcomes).as("outcomes of the probe").containsKey(hostile.mail());
    String outcome = outcomes.get(hostile.mail());
    if (hostile.refused()) {
      assertThat(outcome).startsWith("rejected: ").contains(hostile.refusal());
    } else {
      assertThat(outcome).isEqualTo("published " + hostile.rows() + " rows");
    }
  }
}
