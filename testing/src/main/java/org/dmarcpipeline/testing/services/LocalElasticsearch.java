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
 * loopback port, data in a temporary directory. Security is off for the shared test node, which
 * never leaves loopback; {@link #startSecured} gives a node as production runs it: HTTPS with a
 * certificate from a test CA, and authentication (a superuser in the file realm, API keys).
 *
 * <p>Elasticsearch refuses to run as root: when this JVM is root, the server runs as the system
 * user {@code esuser}, created on first use.
 */
public final class LocalElasticsearch implements AutoCloseable {

  private static final String SERVICE_USER = "esuser";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  /** The superuser of a secured node. */
  public static final String ADMIN_USER = "dmarc-admin";

  /**
   * A user of the file realm with its own role, for logins that need no {@code .security} index
   * (this distribution lacks the analysis module that index needs, so API keys cannot be made).
   *
   * @param roleDescriptor the role as JSON, the same shape as an API key's role descriptor
   */
  public record FileUser(String name, String password, String role, String roleDescriptor) {}

  /** How a secured node is set up: its certificate and key (PEM), its superuser and file users. */
  private record Security(
      Path certificate, Path key, String adminPassword, List<FileUser> users, TestCertificateAuthority ca) {}

  private final Path root;
  private final Path pidFile;
  private final List<String> command;
  private Process process;
  private final int port;
  private final Security security;
  private boolean closed;

  private LocalElasticsearch(
      Path root, Path pidFile, List<String> command, Process process, int port, Security security) {
    this.command = command;
    this.root = root;
    this.pidFile = pidFile;
    this.process = process;
    this.port = port;
    this.security = security;
  }

  public static LocalElasticsearch start() {
    return start(null);
  }

  /**
   * A node with HTTPS (certificate for {@code hostNames}, issued by {@code ca}) and security on;
   * {@link #ADMIN_USER} with {@code adminPassword} is its superuser.
   */
  public static LocalElasticsearch startSecured(
      TestCertificateAuthority ca, String adminPassword, List<FileUser> users, String... hostNames) {
    Path certificate = ca.serverPem("elasticsearch-" + java.util.UUID.randomUUID().toString().substring(0, 8), hostNames);
    String name = certificate.getFileName().toString().replace("-cert.pem", "");
    return start(new Security(certificate, certificate.resolveSibling(name + "-key.pem"), adminPassword, users, ca));
  }

  private static LocalElasticsearch start(Security security) {
    Path root = TempDirs.create("dmarc-es-");
    try {
      Path home = unpack(distribution(), root);
      List<String> securitySettings = security == null ? List.of("-E", "xpack.security.enabled=false") : secure(home, security);
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
              "-E", "network.host=127.0.0.1",
              "-E", "http.port=" + port,
              "-E", "transport.port=" + transportPort,
              "-E", "path.data=" + data,
              "-E", "path.logs=" + logs,
              "-E", "cluster.routing.allocation.disk.threshold_enabled=false",
              "-E", "action.destructive_requires_name=false"));
      command.addAll(securitySettings);
      LocalElasticsearch es = new LocalElasticsearch(root, pidFile, command, launch(command, root), port, security);
      Runtime.getRuntime().addShutdownHook(new Thread(es::close, "local-elasticsearch-stop"));
      es.awaitHealthy();
      return es;
    } catch (IOException e) {
      TempDirs.deleteQuietly(root);
      throw new UncheckedIOException("local Elasticsearch did not start", e);
    }
  }

  /** {@code http://127.0.0.1:port}, or {@code https://localhost:port} when secured. */
  public String url() {
    return security == null ? "http://127.0.0.1:" + port : "https://localhost:" + port;
  }

  /** {@code Authorization} header value of the superuser of a secured node. */
  public String adminAuthorization() {
    return "Basic " + java.util.Base64.getEncoder().encodeToString(
        (ADMIN_USER + ":" + security.adminPassword()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** HTTPS with the node's certificate in the config directory, and a superuser in the file realm. */
  private static List<String> secure(Path home, Security security) throws IOException {
    Path certs = Files.createDirectories(home.resolve("config/certs"));
    Files.copy(security.certificate(), certs.resolve("http.pem"));
    Files.copy(security.key(), certs.resolve("http-key.pem"));
    StringBuilder users = new StringBuilder(ADMIN_USER + ":" + bcrypt(security.adminPassword()) + "\n");
    StringBuilder userRoles = new StringBuilder("superuser:" + ADMIN_USER + "\n");
    StringBuilder roles = new StringBuilder();
    for (FileUser user : security.users()) {
      users.append(user.name()).append(':').append(bcrypt(user.password())).append('\n');
      userRoles.append(user.role()).append(':').append(user.name()).append('\n');
      // roles.yml is YAML, and a JSON object is a YAML flow mapping.
      roles.append(user.role()).append(": ").append(user.roleDescriptor().replace('\n', ' ')).append('\n');
    }
    Files.writeString(home.resolve("config/users"), users);
    Files.writeString(home.resolve("config/users_roles"), userRoles);
    Files.writeString(home.resolve("config/roles.yml"), roles);
    return List.of(
        "-E", "xpack.security.enabled=true",
        "-E", "xpack.security.http.ssl.enabled=true",
        "-E", "xpack.security.http.ssl.certificate=certs/http.pem",
        "-E", "xpack.security.http.ssl.key=certs/http-key.pem",
        "-E", "xpack.security.authc.api_key.enabled=true");
  }

  public int port() {
    return port;
  }

  private static String bcrypt(String password) {
    return org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate(
        "2a", password.toCharArray(), new java.security.SecureRandom().generateSeed(16), 10);
  }

  private void awaitHealthy() {
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
            .timeout(Duration.ofSeconds(5));
    if (security != null) {
      client.sslContext(security.ca().clientContext());
      request.header("Authorization", adminAuthorization());
    }
    HttpClient http = client.build();
    HttpRequest health = request.build();
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

  private static Process launch(List<String> command, Path root) throws IOException {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("console.log").toFile()))
        .start();
  }

  /** {@code kill -9}: the server dies mid-request, as in a crash (case E1). */
  public synchronized void kill() {
    signal("KILL");
    readPid().flatMap(ProcessHandle::of).ifPresent(es -> es.onExit().join());
    ServiceProcesses.stop(process, Duration.ofSeconds(10));
  }

  /** {@code kill -STOP}: the server hangs without closing connections, like a long GC (case E2). */
  public synchronized void freeze() {
    signal("STOP");
  }

  /** {@code kill -CONT} after {@link #freeze()}. */
  public synchronized void thaw() {
    signal("CONT");
  }

  /** Starts the server again on the same port and data after {@link #kill()}. */
  public synchronized void restart() {
    try {
      Files.deleteIfExists(pidFile);
      process = launch(command, root);
    } catch (IOException e) {
      throw new UncheckedIOException("local Elasticsearch did not restart", e);
    }
    awaitHealthy();
  }

  private void signal(String name) {
    long pid = readPid().orElseThrow(() -> new IllegalStateException("Elasticsearch has no pid file"));
    try {
      if (ServiceProcesses.run("kill", "-" + name, Long.toString(pid)) != 0) {
        throw new IllegalStateException("kill -" + name + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** The server's own process id (it runs as a grandchild under runuser). */
  public java.util.Optional<Long> pid() {
    return readPid();
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
