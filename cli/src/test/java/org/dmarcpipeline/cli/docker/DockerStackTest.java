package org.dmarcpipeline.cli.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Docker stack cannot run on the build machines (no Docker engine), so it is checked as far
 * as that allows: Debian's {@code docker-compose} validates and resolves the compose file,
 * and the Dockerfiles and scripts are read for what matters to their users.
 */
class DockerStackTest {

  private static final Path DOCKER = Path.of("..", "docker");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> DOCKERFILE_INSTRUCTIONS =
      Set.of("FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
          "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL");

  record Result(int exit, String out) {}

  @Test
  void composeFileShouldValidateWithTheExampleEnvironment() throws Exception {
    Result result = compose(DOCKER.resolve(".env.example"), "config");
    assertThat(result.exit()).as(result.out()).isZero();
    JsonNode services = YAML.readTree(result.out()).path("services");
    Set<String> names = new TreeSet<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyInAnyOrder("certs", "kafka", "elasticsearch", "kibana", "setup", "dovecot", "ingest", "processor");
  }

  @Test
  void everyPublishedPortShouldBeBoundToLoopback() throws Exception {
    JsonNode services = YAML.readTree(compose(DOCKER.resolve(".env.example"), "config").out()).path("services");
    List<String> published = new ArrayList<>();
    services.forEach(service -> service.path("ports").forEach(port -> published.add(port.isTextual() ? port.asText() : port.path("host_ip").asText() + ":" + port.path("published").asText())));
    assertThat(published).isNotEmpty().allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
  }

  @Test
  void longRunningServicesShouldWaitForHealthyDependencies() throws Exception {
    JsonNode services = YAML.readTree(compose(DOCKER.resolve(".env.example"), "config").out()).path("services");
    for (String server : List.of("kafka", "elasticsearch", "kibana", "dovecot")) {
      assertThat(services.path(server).path("healthcheck").path("test").isMissingNode()).as(server + " healthcheck").isFalse();
    }
    assertThat(services.path("ingest").path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
    assertThat(services.path("processor").path("depends_on").path("setup").path("condition").asText()).isEqualTo("service_completed_successfully");
    assertThat(services.path("ingest").path("build").path("target").asText()).isEqualTo("ingest");
    assertThat(services.path("processor").path("build").path("target").asText()).isEqualTo("processor");
  }

  @Test
  void composeShouldRefuseToStartWithoutThePasswords() throws Exception {
    Path partial = Files.createTempFile("partial", ".env");
    try {
      Files.writeString(partial, "STORE_PASSWORD=x\n");
      Result result = compose(partial, "config", "-q");
      assertThat(result.exit()).isNotZero();
      assertThat(result.out()).contains("in docker/.env");
    } finally {
      Files.delete(partial);
    }
  }

  @Test
  void everyVariableComposeRequiresShouldBeInTheExampleEnvironment() throws Exception {
    String composeFile = Files.readString(DOCKER.resolve("compose.yaml"));
    String example = Files.readString(DOCKER.resolve(".env.example"));
    Matcher required = Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(composeFile);
    while (required.find()) {
      assertThat(example).as(required.group(1)).containsPattern("(?m)^" + required.group(1) + "=");
    }
    assertThat(Files.readString(Path.of("..", ".gitignore"))).contains("docker/.env");
  }

  @Test
  void pipelineImagesShouldBeMultiStageJreOnlyAndRunAsANonRootUser() throws Exception {
    List<String[]> instructions = instructions(DOCKER.resolve("Dockerfile"));
    List<String> stages = instructions.stream().filter(i -> i[0].equals("FROM")).map(i -> i[1]).toList();
    assertThat(stages).anyMatch(from -> from.contains("-jdk AS build"));
    assertThat(stages).contains("runtime AS ingest", "runtime AS processor");
    String runtime = stages.stream().filter(from -> from.endsWith("AS runtime")).findFirst().orElseThrow();
    assertThat(runtime).contains("-jre");
    assertThat(instructions).anyMatch(i -> i[0].equals("USER") && !i[1].startsWith("root") && !i[1].startsWith("0"));
    assertThat(instructions).noneMatch(i -> i[0].equals("ADD") && i[1].contains("://"));
    for (String[] instruction : instructions) {
      if (instruction[0].equals("ENTRYPOINT") || instruction[0].equals("CMD")) {
        assertThat(new ObjectMapper().readTree(instruction[1]).isArray()).as(instruction[1]).isTrue();
      }
    }
  }

  @Test
  void dovecotImageShouldOfferImapsOnlyAndHashThePassword() throws Exception {
    instructions(DOCKER.resolve("dovecot/Dockerfile"));
    String conf = Files.readString(DOCKER.resolve("dovecot/dovecot.conf"));
    assertThat(conf).contains("ssl = required").containsPattern("inet_listener imap \\{\\s*port = 0");
    assertThat(Files.readString(DOCKER.resolve("dovecot/entrypoint.sh"))).contains("doveadm pw -s ARGON2ID");
  }

  @Test
  void scriptsShouldParse() throws Exception {
    for (String script : List.of("certs/make-certs.sh", "dovecot/entrypoint.sh", "kibana/import.sh")) {
      assertThat(run(List.of("sh", "-n", DOCKER.resolve(script).toString())).exit()).as(script).isZero();
    }
    assertThat(run(List.of("bash", "-n", DOCKER.resolve("setup/setup.sh").toString())).exit()).isZero();
  }

  /** Instructions with continuation lines joined; fails on anything Docker would not accept. */
  private static List<String[]> instructions(Path dockerfile) throws IOException {
    List<String[]> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(dockerfile)) {
      String trimmed = line.strip();
      if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String[] parts = current.toString().split("\\s+", 2);
      assertThat(DOCKERFILE_INSTRUCTIONS).as(dockerfile + ": " + current).contains(parts[0]);
      assertThat(parts).as(dockerfile + ": " + current).hasSize(2);
      instructions.add(parts);
      current.setLength(0);
    }
    assertThat(current.toString()).as(dockerfile + " ends inside a continuation").isEmpty();
    assertThat(instructions.get(0)[0]).isIn("FROM", "ARG");
    return instructions;
  }

  private static Result compose(Path envFile, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("docker-compose", "--env-file", envFile.toAbsolutePath().toString(),
        "-f", DOCKER.resolve("compose.yaml").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  private static Result run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out);
  }
}
