package org.dmarcpipeline.ingest.mailbox;

/**
 * A mail that will never be processed, whatever the number of tries: it goes to the dead letter
 * with this reason and then to the mailbox's invalid folder ({@link MailboxErrorPolicy}).
 */
final class PermanentMailException extends Exception {
  PermanentMailException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
