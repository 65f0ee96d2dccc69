package org.dmarcpipeline.testing.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Postfix, the mail server from Debian's packages, accepting mail on a free loopback port and
 * offering STARTTLS with a certificate from the test CA; every recipient's mail lands in one
 * Maildir under a temporary directory. Its own configuration, queue and log: the system's Postfix
 * is never touched. Needs root (Postfix's master drops privileges to the {@code postfix} user).
 */
public final class LocalPostfix implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final Process process;
  private final int port;
  private boolean closed;

  private LocalPostfix(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  public static boolean installed() {
    return Files.isExecutable(Path.of("/usr/sbin/postfix"));
  }

  /** @param hostNames the names the server certificate is issued for */
  public static LocalPostfix start(TestCertificateAuthority ca, String... hostNames) {
    Path dir = TempDirs.create("dmarc-postfix-");
    try {
      ServiceProcesses.run("chmod", "755", dir.toString());
      Path config = Files.createDirectories(dir.resolve("config"));
      Path queue = Files.createDirectories(dir.resolve("queue"));
      Path data = Files.createDirectories(dir.resolve("data"));
      Path mail = Files.createDirectories(dir.resolve("mail"));
      ServiceProcesses.run("chown", "postfix", data.toString());
      ServiceProcesses.run("chown", "nobody", mail.toString());
      Path cert = ca.serverPem("postfix", hostNames);
      Path key = cert.resolveSibling("postfix-key.pem");
      int port = FreePorts.next();
      Files.writeString(config.resolve("main.cf"), """
          compatibility_level = 3.6
          queue_directory = %1$s
          data_directory = %2$s
          mail_owner = postfix
          setgid_group = postdrop
          inet_interfaces = 127.0.0.1
          inet_protocols = ipv4
          myhostname = localhost
          mydestination =
          mynetworks = 127.0.0.0/8
          alias_maps =
          alias_database =
          smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
          virtual_mailbox_domains = static:all
          virtual_mailbox_base = %3$s
          virtual_mailbox_maps = static:inbox/
          virtual_uid_maps = static:65534
          virtual_gid_maps = static:65534
          virtual_minimum_uid = 100
          smtpd_tls_cert_file = %4$s
          smtpd_tls_key_file = %5$s
          smtpd_tls_security_level = may
          smtpd_tls_loglevel = 1
          maillog_file = %6$s/maillog
          maillog_file_prefixes = %6$s
          """.formatted(queue, data, mail, cert, key, dir));
      Files.writeString(config.resolve("master.cf"), """
          127.0.0.1:%d inet n - n - - smtpd
          pickup    unix  n       -       n       60      1       pickup
          cleanup   unix  n       -       n       -       0       cleanup
          qmgr      unix  n       -       n       300     1       qmgr
          tlsmgr    unix  -       -       n       1000?   1       tlsmgr
          rewrite   unix  -       -       n       -       -       trivial-rewrite
          bounce    unix  -       -       n       -       0       bounce
          defer     unix  -       -       n       -       0       bounce
          trace     unix  -       -       n       -       0       bounce
          verify    unix  -       -       n       -       1       verify
          flush     unix  n       -       n       1000?   0       flush
          proxymap  unix  -       -       n       -       -       proxymap
          proxywrite unix -       -       n       -       1       proxymap
          smtp      unix  -       -       n       -       -       smtp
          relay     unix  -       -       n       -       -       smtp
          showq     unix  n       -       n       -       -       showq
          error     unix  -       -       n       -       -       error
          retry     unix  -       -       n       -       -       error
          discard   unix  -       -       n       -       -       discard
          local     unix  -       n       n       -       -       local
          virtual   unix  -       n       n       -       -       virtual
          lmtp      unix  -       -       n       -       -       lmtp
          anvil     unix  -       -       n       -       1       anvil
          scache    unix  -       -       n       -       1       scache
          postlog   unix-dgram n  -       n       -       1       postlogd
          """.formatted(port));
      // creates the queue's directories with Postfix's own owners and modes
      if (ServiceProcesses.run("postfix", "-c", config.toString(), "check") != 0) {
        throw new IOException("postfix check failed for " + config);
      }
      Process process =
          new ProcessBuilder("postfix", "-c", config.toString(), "start-fg")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("console.log").toFile())
              .start();
      LocalPostfix postfix = new LocalPostfix(dir, process, port);
      Runtime.getRuntime().addShutdownHook(new Thread(postfix::close, "local-postfix-stop"));
      postfix.awaitListening();
      return postfix;
    } catch (IOException e) {
      TempDirs.deleteQuietly(dir);
      throw new UncheckedIOException("Postfix did not start", e);
    }
  }

  public int port() {
    return port;
  }

  /** Mail delivered so far, each as the raw message. */
  public List<String> delivered() {
    Path inbox = dir.resolve("mail/inbox/new");
    List<String> mails = new ArrayList<>();
    if (!Files.isDirectory(inbox)) {
      return mails;
    }
    try (Stream<Path> files = Files.list(inbox)) {
      for (Path file : files.sorted().toList()) {
        mails.add(Files.readString(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return mails;
  }

  /** Postfix's log: shows, for example, the TLS version each connection used. */
  public String log() {
    return ServiceProcesses.readLog(dir.resolve("maillog"));
  }

  private void awaitListening() {
    try {
      ServiceProcesses.awaitListening("Postfix", process, port, START_TIMEOUT, () -> ServiceProcesses.readLog(dir.resolve("console.log")) + log());
    } catch (IllegalStateException e) {
      close();
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      ServiceProcesses.run("postfix", "-c", dir.resolve("config").toString(), "stop");
    } catch (IOException ignored) {
      // the process is stopped below anyway
    }
    ServiceProcesses.stop(process, Duration.ofSeconds(10));
    TempDirs.deleteQuietly(dir);
  }
}
