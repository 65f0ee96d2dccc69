package org.dmarcpipeline.testing.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Dovecot, the IMAP server from Debian's packages, serving IMAPS on a free loopback port with a
 * certificate from the test CA, users in a passwd file and mail in Maildirs under a temporary
 * directory. Runs in the foreground so that {@link #close()} stops it; mail is owned by the
 * system user {@code vmail}, created on first use.
 */
public final class LocalDovecot implements AutoCloseable {

  private static final String MAIL_USER = "vmail";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Path dir;
  private final Process process;
  private final int port;
  private final Path trustStore;
  private boolean closed;

  private LocalDovecot(Path dir, Process process, int port, Path trustStore) {
    this.dir = dir;
    this.process = process;
    this.port = port;
    this.trustStore = trustStore;
  }

  public static LocalDovecot start(TestCertificateAuthority ca) {
    Path dir = TempDirs.create("dmarc-dovecot-");
    try {
      ServiceProcesses.run("chmod", "755", dir.toString());
      ServiceProcesses.ensureSystemUser(MAIL_USER);
      Path cert = ca.serverPem("dovecot", "localhost", "127.0.0.1");
      Path key = cert.resolveSibling("dovecot-key.pem");
      Files.createDirectories(dir.resolve("run"));
      Files.createDirectories(dir.resolve("state"));
      Path mail = Files.createDirectories(dir.resolve("mail"));
      ServiceProcesses.run("chown", MAIL_USER + ":" + MAIL_USER, mail.toString());
      Files.writeString(dir.resolve("passwd"), "");
      int port = FreePorts.next();
      String conf = """
          instance_name = dmarc-test-%1$s
          base_dir = %2$s/run
          state_dir = %2$s/state
          log_path = %2$s/dovecot.log
          protocols = imap
          listen = 127.0.0.1
          ssl = required
          ssl_cert = <%3$s
          ssl_key = <%4$s
          ssl_dh = </usr/share/dovecot/dh.pem
          ssl_min_protocol = TLSv1.2
          auth_mechanisms = plain login
          first_valid_uid = 100
          passdb {
            driver = passwd-file
            args = scheme=PLAIN username_format=%%u %2$s/passwd
          }
          userdb {
            driver = static
            args = uid=vmail gid=vmail home=%2$s/mail/%%u
          }
          mail_location = maildir:~/Maildir
          namespace inbox {
            inbox = yes
          }
          service imap-login {
            inet_listener imap {
              port = 0
            }
            inet_listener imaps {
              port = %5$d
              ssl = yes
            }
          }
          """.formatted(dir.getFileName(), dir, cert, key, port);
      Path confFile = dir.resolve("dovecot.conf");
      Files.writeString(confFile, conf);
      Process process =
          new ProcessBuilder("/usr/sbin/dovecot", "-F", "-c", confFile.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("console.log").toFile())
              .start();
      LocalDovecot dovecot = new LocalDovecot(dir, process, port, ca.trustStore());
      Runtime.getRuntime().addShutdownHook(new Thread(dovecot::close, "local-dovecot-stop"));
      dovecot.awaitListening();
      return dovecot;
    } catch (IOException e) {
      TempDirs.deleteQuietly(dir);
      throw new UncheckedIOException("Dovecot did not start", e);
    }
  }

  private long passwdMtime;

  /**
   * Adds a mailbox. Dovecot rereads the passwd file when its modification time changes, which it
   * reads in whole seconds: each change gets a later second than the last, or a user added within
   * the same second as the previous one would not be seen. Dovecot also looks at the file at most
   * once per second of its clock, so a lookup earlier in this second hides the new user until the
   * next: this returns only once a full second has passed.
   */
  public synchronized void addUser(String address, String password) {
    try {
      Path passwd = dir.resolve("passwd");
      Files.writeString(passwd, address + ":{PLAIN}" + password + "\n", StandardOpenOption.APPEND);
      passwdMtime = Math.max(System.currentTimeMillis() / 1000 + 1, passwdMtime + 1);
      Files.setLastModifiedTime(passwd, java.nio.file.attribute.FileTime.fromMillis(passwdMtime * 1000));
      Thread.sleep(1100);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while Dovecot picks up a new user", e);
    }
  }

  public String host() {
    return "localhost";
  }

  public int port() {
    return port;
  }

  public Path trustStore() {
    return trustStore;
  }

  /** Dovecot's master process; its children (login, imap, auth) do the work. */
  public ProcessHandle process() {
    return process.toHandle();
  }

  /** Dovecot's log: what tests read to prove, for example, that no login happened. */
  public String log() {
    return ServiceProcesses.readLog(dir.resolve("dovecot.log"));
  }

  private void awaitListening() {
    try {
      ServiceProcesses.awaitListening("Dovecot", process, port, START_TIMEOUT, () -> ServiceProcesses.readLog(dir.resolve("console.log")) + log());
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
    ServiceProcesses.stop(process, Duration.ofSeconds(10));
    TempDirs.deleteQuietly(dir);
  }
}
