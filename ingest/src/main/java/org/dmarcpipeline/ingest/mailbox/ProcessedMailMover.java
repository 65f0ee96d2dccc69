package org.dmarcpipeline.ingest.mailbox;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.ScheduledPollConsumer;
import org.dmarcpipeline.ingest.config.MailboxConfig;
import org.dmarcpipeline.ingest.publish.KafkaPublishException;
import org.dmarcpipeline.ingest.publish.ReportPublisher;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the mails a poll published to the processed folder with one IMAP {@code MOVE} after the
 * poll, instead of a COPY and a flag change per mail: on a backlog, those round trips were most of
 * ingest's time. The route hands over each mail's records while Kafka is still acknowledging
 * them, so the next mail is read meanwhile; a mail moves only once every one of its records is
 * acknowledged. If Kafka fails, the move fails or the process dies first, the mail stays in its
 * folder and is published again (same keys, so the processor overwrites: nothing lost, nothing
 * doubled).
 */
final class ProcessedMailMover implements PollingConsumerPollStrategy {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessedMailMover.class);

  private record Sent(long uid, ReportPublisher.Publication publication) {}

  private final MailboxConfig mailbox;
  private final CamelContext camel;
  private final ReportPublisher publisher;
  private final MailRetries retries;
  private final List<Sent> sent = new ArrayList<>();
  private Store store;

  ProcessedMailMover(MailboxConfig mailbox, CamelContext camel, ReportPublisher publisher, MailRetries retries) {
    this.mailbox = mailbox;
    this.camel = camel;
    this.publisher = publisher;
    this.retries = retries;
  }

  /** The records of the mail with this UID are on their way to Kafka. */
  synchronized void sent(long uid, ReportPublisher.Publication publication) {
    sent.add(new Sent(uid, publication));
  }

  /** The UID of a mail of the polled folder; the consumer keeps the folder open while routing. */
  static long uid(Message message) throws MessagingException {
    return ((UIDFolder) message.getFolder()).getUID(message);
  }

  @Override
  public boolean begin(Consumer consumer, Endpoint endpoint) {
    return true;
  }

  /**
   * Moves what the poll published. Polls follow each other at once (greedy) only while they get
   * somewhere: when every mail of a poll failed or waits for its next try, the next poll comes
   * after the poll delay instead of at once, again and again, on the same mails.
   */
  @Override
  public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
    moveAll();
    boolean progress = retries.takeStuck() < polledMessages;
    if (consumer instanceof ScheduledPollConsumer polling) {
      polling.setGreedy(progress);
    }
  }

  @Override
  public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
    // the poll broke off; what was published before that still moves
    moveAll();
    retries.takeStuck();
    return false;
  }

  synchronized void moveAll() {
    if (sent.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + publisher.ackTimeout().toNanos();
    List<Long> acknowledged = new ArrayList<>();
    for (Sent mail : sent) {
      try {
        publisher.await(mail.publication(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        acknowledged.add(mail.uid());
      } catch (KafkaPublishException e) {
        LOG.warn("mailbox {}: mail {} stays in {} and will be published again: {}", mailbox.name(), mail.uid(),
            mailbox.folder(), e.getMessage());
        retries.failed(mail.uid(), e);
      }
    }
    sent.clear();
    if (acknowledged.isEmpty()) {
      return;
    }
    long[] uids = acknowledged.stream().mapToLong(Long::longValue).toArray();
    try {
      IMAPFolder source = (IMAPFolder) connected().getFolder(mailbox.folder());
      source.open(Folder.READ_WRITE);
      try {
        Folder target = store.getFolder(mailbox.processedFolder());
        if (!target.exists()) {
          target.create(Folder.HOLDS_MESSAGES);
        }
        Message[] messages = Arrays.stream(source.getMessagesByUID(uids)).filter(Objects::nonNull).toArray(Message[]::new);
        if (messages.length > 0) {
          // MOVE where the server has it (RFC 6851); copy, flag and expunge otherwise
          source.moveMessages(messages, target);
        }
        acknowledged.forEach(retries::done);
      } finally {
        source.close(true);
      }
    } catch (MessagingException | RuntimeException e) {
      LOG.warn("mailbox {}: {} published mail(s) not moved to {}, they will be published again: {}",
          mailbox.name(), uids.length, mailbox.processedFolder(), e.toString());
      closeQuietly();
    }
  }

  synchronized void close() {
    closeQuietly();
  }

  private Store connected() throws MessagingException {
    if (store != null && store.isConnected()) {
      return store;
    }
    String protocol = ImapSecurity.protocol(mailbox);
    Properties properties = ImapSecurity.javaMailProperties(mailbox);
    try {
      properties.put("mail." + protocol + ".ssl.socketFactory",
          ImapSecurity.sslContext(mailbox).createSSLContext(camel).getSocketFactory());
    } catch (Exception e) {
      throw new MessagingException("cannot build the TLS context of mailbox " + mailbox.name(), e);
    }
    store = Session.getInstance(properties, new MailboxAuthenticator(mailbox.user(), mailbox.password())).getStore(protocol);
    store.connect(mailbox.host(), mailbox.port(), null, null);
    return store;
  }

  private void closeQuietly() {
    if (store != null) {
      try {
        store.close();
      } catch (MessagingException ignored) {
        // reconnects on the next move
      }
      store = null;
    }
  }
}
