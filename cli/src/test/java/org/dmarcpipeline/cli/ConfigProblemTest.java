package org.dmarcpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad settings end every command the same way: the problems on stderr, exit code 2, nothing
 * started; a server that cannot be reached, one line and exit code 1, never a stack trace.
 */
class ConfigProblemTest {

  @Test
  void aStageWithAnInvalidSettingShouldExitWithTwoAndNameTheSetting(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("bad.properties"), "dmarc.alerts.failure-share-percent=120\n");
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = DmarcCli.run("process", "--config", config.toString());
    } finally {
      System.setErr(original);
    }

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("dmarc.alerts.failure-share-percent must be between 0 and 100");
  }

  @Test
  void aCommandWhoseServerDoesNotAnswerShouldExitWithOneLineNamingTheCause(@TempDir Path dir) throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    Path config = Files.writeString(dir.resolve("es.properties"), "dmarc.elasticsearch.url=https://127.0.0.1:" + port + "\n");
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = DmarcCli.run("setup-elasticsearch", "--config", config.toString());
    } finally {
      System.setErr(original);
    }

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
        .startsWith("dmarc setup-elasticsearch: ")
        .contains("127.0.0.1:" + port, "Connection refused");
  }
}
