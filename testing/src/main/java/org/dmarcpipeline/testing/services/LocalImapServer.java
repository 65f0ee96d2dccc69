package org.dmarcpipeline.testing.services;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Path;

/**
 * GreenMail serving IMAPS on a free loopback port with a certificate issued by the test CA. Clients
 * must trust that CA and check the host name; nothing here disables verification.
 *
 * <p>GreenMail reads its TLS key store from JVM-wide system properties once, so all instances in
 * one JVM share the first CA's server certificate.
 */
public final class LocalImapServer implements AutoCloseable {

  public static final String HOST = "localhost";

  private final GreenMail greenMail;
  private final int port;
  private final Path trustStore;

  private LocalImapServer(GreenMail greenMail, int port, Path trustStore) {
    this.greenMail = greenMail;
    this.port = port;
    this.trustStore = trustStore;
  }

  /** Starts IMAPS with a server certificate for {@code localhost} and {@code 127.0.0.1}. */
  public static LocalImapServer start(TestCertificateAuthority ca) {
    return start(ca, "127.0.0.1", FreePorts.next());
  }

  /**
   * Starts IMAPS on another loopback address with the same certificate, which does not name that
   * address: for host name verification tests.
   */
  public static synchronized LocalImapServer start(TestCertificateAuthority ca, String bindAddress, int port) {
    if (System.getProperty("greenmail.tls.keystore.file") == null) {
      Path keyStore = ca.serverKeyStore("imap", HOST, "127.0.0.1");
      System.setProperty("greenmail.tls.keystore.file", keyStore.toString());
      System.setProperty("greenmail.tls.keystore.password", TestCertificateAuthority.STORE_PASSWORD);
      System.setProperty("greenmail.tls.key.password", TestCertificateAuthority.STORE_PASSWORD);
    }
    GreenMail greenMail = new GreenMail(new ServerSetup(port, bindAddress, ServerSetup.PROTOCOL_IMAPS));
    greenMail.start();
    return new LocalImapServer(greenMail, port, ca.trustStore());
  }

  /** Creates a mailbox; the login is the address. */
  public void addUser(String address, String password) {
    greenMail.setUser(address, address, password);
  }

  /**
   * Starts plain IMAP (no TLS, no STARTTLS) on a free loopback port: only for proving that a client
   * which requires STARTTLS refuses such a server.
   */
  public static LocalImapServer startWithoutTls(TestCertificateAuthority ca) {
    int port = FreePorts.next();
    GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    greenMail.start();
    return new LocalImapServer(greenMail, port, ca.trustStore());
  }

  /** Delivers a raw message to a user's INBOX through the server's API, not through IMAP. */
  public void deliver(String address, byte[] rawMessage) {
    try {
      greenMail.getUserManager().getUserByEmail(address)
          .deliver(new jakarta.mail.internet.MimeMessage(null, new java.io.ByteArrayInputStream(rawMessage)));
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException("cannot deliver a test message", e);
    }
  }

  /** Messages in every INBOX of this server, read through the server's API. */
  public int inboxMessages() {
    return greenMail.getReceivedMessages().length;
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return port;
  }

  /** PKCS12 truststore holding the CA that issued this server's certificate. */
  public Path trustStore() {
    return trustStore;
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
