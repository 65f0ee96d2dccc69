package org.dmarcpipeline.testing.services;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A plain IMAPS client for tests and the demo: appends mail (IMAP APPEND, as a real sender's
 * server delivers it) and counts what is in a folder. Verifies the server like production does.
 */
public final class ImapClient implements AutoCloseable {

  private final Store store;

  public ImapClient(String host, int port, Path trustStore, String user, String password)
      throws MessagingException {
    Properties props = new Properties();
    props.put("mail.imaps.host", host);
    props.put("mail.imaps.port", Integer.toString(port));
    props.put("mail.imaps.ssl.checkserveridentity", "true");
    props.put("mail.imaps.ssl.socketFactory", sslContext(trustStore).getSocketFactory());
    props.put("mail.imaps.connectiontimeout", "10000");
    props.put("mail.imaps.timeout", "30000");
    store = Session.getInstance(props).getStore("imaps");
    store.connect(host, port, user, password);
  }

  /** Appends a raw RFC 5322 message to {@code folder}, creating the folder if needed. */
  public void append(String folder, byte[] rawMessage) throws MessagingException {
    Folder target = store.getFolder(folder);
    if (!target.exists()) {
      target.create(Folder.HOLDS_MESSAGES);
    }
    MimeMessage message = new MimeMessage(null, new ByteArrayInputStream(rawMessage));
    target.appendMessages(new Message[] {message});
  }

  /** Messages in {@code folder} not flagged deleted; 0 when the folder does not exist. */
  public int count(String folder) throws MessagingException {
    Folder source = store.getFolder(folder);
    if (!source.exists()) {
      return 0;
    }
    source.open(Folder.READ_ONLY);
    try {
      int live = 0;
      for (Message message : source.getMessages()) {
        if (!message.isSet(Flags.Flag.DELETED)) {
          live++;
        }
      }
      return live;
    } finally {
      source.close(false);
    }
  }

  /** Flags every message in {@code folder} as read, as a person opening it in a mail client would. */
  public void markAllSeen(String folder) throws MessagingException {
    Folder source = store.getFolder(folder);
    source.open(Folder.READ_WRITE);
    try {
      source.setFlags(1, source.getMessageCount(), new Flags(Flags.Flag.SEEN), true);
    } finally {
      source.close(false);
    }
  }

  /** Messages in {@code folder} as the server's STATUS counts them, without opening it; 0 when absent. */
  public int messageCount(String folder) throws MessagingException {
    Folder source = store.getFolder(folder);
    return source.exists() ? source.getMessageCount() : 0;
  }

  /** Reads every message of {@code folder} in full without changing a flag; returns how many. */
  public long fetchAll(String folder) throws MessagingException, java.io.IOException {
    Folder source = store.getFolder(folder);
    source.open(Folder.READ_ONLY);
    try {
      long fetched = 0;
      for (Message message : source.getMessages()) {
        message.writeTo(java.io.OutputStream.nullOutputStream());
        fetched++;
      }
      return fetched;
    } finally {
      source.close(false);
    }
  }

  /** Deletes every message of {@code folder}. */
  public void deleteAll(String folder) throws MessagingException {
    Folder source = store.getFolder(folder);
    if (!source.exists()) {
      return;
    }
    source.open(Folder.READ_WRITE);
    try {
      if (source.getMessageCount() > 0) {
        source.setFlags(1, source.getMessageCount(), new Flags(Flags.Flag.DELETED), true);
      }
    } finally {
      source.close(true);
    }
  }

  /**
   * Moves every message of {@code from} into {@code to} in one server-side copy, so that whoever
   * watches {@code to} finds them all at once; creates {@code to} if needed.
   */
  public void moveAll(String from, String to) throws MessagingException {
    Folder source = store.getFolder(from);
    if (!source.exists()) {
      return;
    }
    Folder target = store.getFolder(to);
    if (!target.exists()) {
      target.create(Folder.HOLDS_MESSAGES);
    }
    source.open(Folder.READ_WRITE);
    try {
      Message[] messages = source.getMessages();
      if (messages.length > 0) {
        source.copyMessages(messages, target);
        source.setFlags(messages, new Flags(Flags.Flag.DELETED), true);
      }
    } finally {
      source.close(true);
    }
  }

  public boolean exists(String folder) throws MessagingException {
    return store.getFolder(folder).exists();
  }

  @Override
  public void close() throws MessagingException {
    store.close();
  }

  private static SSLContext sslContext(Path trustStore) {
    try (InputStream in = new FileInputStream(trustStore.toFile())) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, TestCertificateAuthority.STORE_PASSWORD.toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load truststore " + trustStore, e);
    }
  }
}
