package org.dmarcpipeline.testing.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The real Elasticsearch server (the Maven Central {@code integ-test-zip}), forked on a free
 * loopback port, data in a temporary directory, security off because it never leaves loopback.
 *
 * <p>Elasticsearch refuses to run as root: when this JVM is root, the server runs as the system
 * user {@code esuser}, created on first use.
 */
public final class LocalElasticsearch implements AutoCloseable {

  private static final String SERVICE_USER = "esuser";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final Path root;
  private final Path pidFile;
  private final Process process;
  private final int port;
  private boolean closed;

  private LocalElasticsearch(Path root, Path pidFile, Process process, int port) {
    this.root = root;
    this.pidFile = pidFile;
    this.process = process;
    this.port = port;
  }

  public static LocalElasticsearch start() {
    Path root = TempDirs.create("dmarc-es-");
    try {
      Path home = unpack(distribution(), root);
      Path data = Files.createDirectories(root.resolve("data"));
      Path logs = Files.createDirectories(root.resolve("logs"));
      Path tmp = Files.createDirectories(root.resolve("tmp"));
      Path pidFile = root.resolve("es.pid");
      int port = FreePorts.next();
      int transportPort = FreePorts.next();

      List<String> command = new ArrayList<>();
      if (ServiceProcesses.isRoot()) {
        ServiceProcesses.ensureSystemUser(SERVICE_USER);
        if (ServiceProcesses.run("chown", "-R", SERVICE_USER + ":" + SERVICE_USER, root.toString()) != 0) {
          throw new IOException("could not hand " + root + " to " + SERVICE_USER);
        }
        command.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
      }
      command.addAll(
          List.of(
              "env",
              "ES_JAVA_HOME=" + javaHome(),
              "ES_TMPDIR=" + tmp,
              "ES_JAVA_OPTS=-Xms512m -Xmx512m",
              home.resolve("bin/elasticsearch").toString(),
              "-p",
              pidFile.toString(),
              "-E", "discovery.type=single-node",
              "-E", "xpack.security.enabled=false",
              "-E", "network.host=127.0.0.1",
              "-E", "http.port=" + port,
              "-E", "transport.port=" + transportPort,
              "-E", "path.data=" + data,
              "-E", "path.logs=" + logs,
              "-E", "cluster.routing.allocation.disk.threshold_enabled=false",
              "-E", "action.destructive_requires_name=false"));
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(root.resolve("console.log").toFile())
              .start();
      LocalElasticsearch es = new LocalElasticsearch(root, pidFile, process, port);
      Runtime.getRuntime().addShutdownHook(new Thread(es::close, "local-elasticsearch-stop"));
      es.awaitHealthy();
      return es;
    } catch (IOException e) {
      TempDirs.deleteQuietly(root);
      throw new UncheckedIOException("local Elasticsearch did not start", e);
    }
  }

  /** {@code http://127.0.0.1:port}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  private void awaitHealthy() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest health =
        HttpRequest.newBuilder(
                URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        String tail = consoleTail();
        close();
        throw new IllegalStateException("Elasticsearch exited while starting:\n" + tail);
      }
      try {
        HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
      }
      pause();
    }
    String tail = consoleTail();
    close();
    throw new IllegalStateException("Elasticsearch not healthy after " + START_TIMEOUT + ":\n" + tail);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // The server is a grandchild under runuser: stop it by its own pid, then its parents.
    readPid().flatMap(ProcessHandle::of).ifPresent(es -> ServiceProcesses.stop(List.of(es), Duration.ofSeconds(30)));
    ServiceProcesses.stop(process, Duration.ofSeconds(30));
    TempDirs.deleteQuietly(root);
  }

  private java.util.Optional<Long> readPid() {
    try {
      return java.util.Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
    } catch (IOException | NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  private String consoleTail() {
    try {
      List<String> lines = Files.readAllLines(root.resolve("console.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no console output)";
    }
  }

  private static Path distribution() throws IOException {
    String configured = System.getProperty("dmarc.es.distribution");
    if (configured == null) {
      Properties properties = new Properties();
      try (InputStream in = LocalElasticsearch.class.getResourceAsStream("/dmarc-testing.properties")) {
        if (in == null) {
          throw new IOException("dmarc-testing.properties missing from the classpath");
        }
        properties.load(in);
      }
      configured = properties.getProperty("elasticsearch.distribution");
    }
    Path zip = Path.of(configured);
    if (!Files.isRegularFile(zip)) {
      throw new IOException(
          "Elasticsearch distribution not found at "
              + zip
              + " (the build resolves it: ./mvnw -pl testing -am install)");
    }
    return zip;
  }

  private static Path unpack(Path zip, Path root) throws IOException {
    Path home = null;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("zip entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        Path relative = root.relativize(target);
        if (relative.getNameCount() > 2 && relative.getName(1).toString().equals("bin")) {
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        if (home == null) {
          home = root.resolve(relative.getName(0));
        }
      }
    }
    if (home == null) {
      throw new IOException("empty Elasticsearch distribution " + zip);
    }
    return home;
  }

  private static String javaHome() {
    if (Runtime.version().feature() >= 21) {
      return System.getProperty("java.home");
    }
    String env = System.getenv("ES_JAVA_HOME");
    if (env != null) {
      return env;
    }
    throw new IllegalStateException(
        "Elasticsearch needs Java 21+; run with a JDK 21+ or set ES_JAVA_HOME");
  }

  private static void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
