package org.dmarcpipeline.testing.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * NSD, the authoritative DNS server from Debian's packages, serving the given zone files on a free
 * loopback port (UDP and TCP), in the foreground so that {@link #close()} stops it. Everything it
 * writes lives in a temporary directory that is removed.
 */
public final class LocalNsd implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Path dir;
  private final Process process;
  private final int port;

  private LocalNsd(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  /**
   * Starts NSD for {@code zones}: zone name (no trailing dot) to zone file text. A zone whose text
   * does not load is answered with SERVFAIL, which tests use on purpose.
   */
  public static LocalNsd start(Map<String, String> zones) {
    Path dir = TempDirs.create("dmarc-nsd-");
    try {
      int port = FreePorts.next();
      StringBuilder conf = new StringBuilder();
      conf.append("server:\n")
          .append("  ip-address: 127.0.0.1\n")
          .append("  port: ").append(port).append('\n')
          .append("  do-ip6: no\n")
          .append("  username: \"\"\n")
          .append("  chroot: \"\"\n")
          .append("  database: \"\"\n")
          .append("  zonesdir: \"").append(dir).append("\"\n")
          .append("  zonelistfile: \"").append(dir.resolve("zone.list")).append("\"\n")
          .append("  xfrdfile: \"").append(dir.resolve("xfrd.state")).append("\"\n")
          .append("  xfrdir: \"").append(dir).append("\"\n")
          .append("  pidfile: \"").append(dir.resolve("nsd.pid")).append("\"\n")
          .append("  logfile: \"").append(dir.resolve("nsd.log")).append("\"\n")
          .append("  server-count: 1\n")
          .append("  verbosity: 1\n")
          .append("remote-control:\n  control-enable: no\n");
      for (Map.Entry<String, String> zone : zones.entrySet()) {
        String file = zone.getKey() + ".zone";
        Files.writeString(dir.resolve(file), zone.getValue());
        conf.append("zone:\n  name: \"").append(zone.getKey()).append("\"\n  zonefile: \"").append(file).append("\"\n");
      }
      Path confFile = dir.resolve("nsd.conf");
      Files.writeString(confFile, conf);
      Process process =
          new ProcessBuilder(nsdBinary(), "-d", "-c", confFile.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("console.log").toFile())
              .start();
      LocalNsd nsd = new LocalNsd(dir, process, port);
      Runtime.getRuntime().addShutdownHook(new Thread(nsd::close, "local-nsd-stop"));
      nsd.awaitReady();
      return nsd;
    } catch (IOException e) {
      TempDirs.deleteQuietly(dir);
      throw new UncheckedIOException("NSD did not start", e);
    }
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  public int port() {
    return port;
  }

  /** NSD's own log (queries are not logged at this verbosity). */
  public String log() {
    return ServiceProcesses.readLog(dir.resolve("nsd.log"));
  }

  private void awaitReady() throws IOException {
    // a SOA-less probe: any DNS response (even REFUSED) means the server is answering
    byte[] query = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x06, 0x00, 0x01};
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(200);
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          String console = ServiceProcesses.readLog(dir.resolve("console.log"));
          close();
          throw new IllegalStateException("NSD exited while starting: " + console + log());
        }
        socket.send(new DatagramPacket(query, query.length, address()));
        try {
          socket.receive(new DatagramPacket(new byte[512], 512));
          return;
        } catch (SocketTimeoutException notYet) {
          // not answering yet
        }
      }
    }
    close();
    throw new IllegalStateException("NSD not answering after " + START_TIMEOUT);
  }

  private static String nsdBinary() {
    for (String candidate : List.of("/usr/sbin/nsd", "/usr/local/sbin/nsd")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException("nsd is not installed (apt-get install nsd; bin/dmarc test does this)");
  }

  private boolean closed;

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ServiceProcesses.stop(process, Duration.ofSeconds(10));
    TempDirs.deleteQuietly(dir);
  }
}
