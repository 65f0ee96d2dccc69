package org.dmarcpipeline.ingest.mailbox;

import java.util.List;
import java.util.Properties;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.dmarcpipeline.ingest.config.MailboxConfig;

/**
 * TLS and timeouts for one mailbox: TLS 1.2+ only, the server certificate checked against the
 * configured CA (or the JVM's) and the host name verified. There is deliberately no option to
 * trust everything.
 */
final class ImapSecurity {

  static final int CONNECT_TIMEOUT_MS = 15_000;
  static final int IO_TIMEOUT_MS = 60_000;

  private ImapSecurity() {}

  static SSLContextParameters sslContext(MailboxConfig mailbox) {
    SSLContextParameters ssl = new SSLContextParameters();
    SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
    protocols.setSecureSocketProtocol(List.of("TLSv1.3", "TLSv1.2"));
    ssl.setSecureSocketProtocols(protocols);
    mailbox
        .truststore()
        .ifPresent(
            path -> {
              KeyStoreParameters store = new KeyStoreParameters();
              store.setResource("file:" + path);
              store.setType("PKCS12");
              mailbox.truststorePassword().ifPresent(secret -> store.setPassword(secret.reveal()));
              TrustManagersParameters trust = new TrustManagersParameters();
              trust.setKeyStore(store);
              ssl.setTrustManagers(trust);
            });
    return ssl;
  }

  static Properties javaMailProperties(MailboxConfig mailbox) {
    String protocol = protocol(mailbox);
    Properties p = new Properties();
    p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
    p.put("mail." + protocol + ".ssl.protocols", "TLSv1.3 TLSv1.2");
    p.put("mail." + protocol + ".connectiontimeout", Integer.toString(CONNECT_TIMEOUT_MS));
    p.put("mail." + protocol + ".timeout", Integer.toString(IO_TIMEOUT_MS));
    p.put("mail." + protocol + ".writetimeout", Integer.toString(IO_TIMEOUT_MS));
    p.put("mail." + protocol + ".peek", "true");
    if (mailbox.tls() == MailboxConfig.TlsMode.STARTTLS) {
      p.put("mail.imap.starttls.enable", "true");
      p.put("mail.imap.starttls.required", "true");
    }
    p.put("mail.debug", "false");
    p.put("mail.debug.auth", "false");
    return p;
  }

  static String protocol(MailboxConfig mailbox) {
    return mailbox.tls() == MailboxConfig.TlsMode.IMAPS ? "imaps" : "imap";
  }

  /**
   * Camel copies JVM system properties into every mail session, so a JVM-wide {@code
   * mail.*.ssl.trust} would silently switch certificate checks off for all mailboxes.
   *
   * @throws IllegalStateException naming the offending property
   */
  static void refuseJvmWideTrustOverrides(Properties system) {
    for (String name : system.stringPropertyNames()) {
      if (name.startsWith("mail.") && (name.endsWith(".ssl.trust") || name.endsWith(".ssl.checkserveridentity"))) {
        throw new IllegalStateException(
            "refusing to start: JVM system property " + name
                + " would weaken IMAP certificate checks; remove it and configure a truststore per mailbox");
      }
    }
  }
}
