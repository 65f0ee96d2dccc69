package org.dmarcpipeline.cli.bench;

import jakarta.mail.MessagingException;
import java.util.List;
import java.util.UUID;
import org.dmarcpipeline.testing.services.ImapClient;
import org.dmarcpipeline.testing.services.LocalDovecot;

/**
 * The benchmark's mailbox in Dovecot: ingest reads INBOX, the measured mails wait in a backlog
 * folder of their own and are moved into INBOX at once when the clock starts.
 */
final class BenchMailbox {

  static final String USER = "dmarc-bench@example.com";
  static final String INBOX = "INBOX";
  /** The measured mails wait here and are moved into INBOX at once when the clock starts. */
  static final String BACKLOG = "Backlog";
  /** Where ingest moves each mail it is done with. */
  static final String PROCESSED = "DMARC-Processed";

  private final LocalDovecot dovecot;
  private final String password = UUID.randomUUID().toString();

  BenchMailbox(LocalDovecot dovecot) {
    this.dovecot = dovecot;
    dovecot.addUser(USER, password);
  }

  LocalDovecot dovecot() {
    return dovecot;
  }

  /** Given to ingest in its environment, never in its configuration file. */
  String password() {
    return password;
  }

  ImapClient open() throws MessagingException {
    return new ImapClient(dovecot.host(), dovecot.port(), dovecot.trustStore(), USER, password);
  }

  void append(String folder, List<byte[]> mails) throws MessagingException {
    try (ImapClient imap = open()) {
      for (byte[] mail : mails) {
        imap.append(folder, mail);
      }
    }
  }

  /** Moves the measured mails back from the processed folder to the backlog for a second end-to-end run. */
  void resetBacklog() throws MessagingException {
    try (ImapClient imap = open()) {
      imap.moveAll(PROCESSED, BACKLOG);
    }
  }
}
