package org.dmarcpipeline.ingest.mailbox;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.Date;
import org.dmarcpipeline.ingest.publish.DeadLetterPublisher;
import org.dmarcpipeline.ingest.publish.KafkaPublishException;
import org.dmarcpipeline.schema.fingerprint.Sha256;

/**
 * A mail too large to load: it is reported on the dead-letter topic by size and envelope only,
 * never fetched, and the route then moves it to the quarantine folder for a person to look at.
 */
final class OversizeMail {

  private final String mailbox;
  private final int limit;
  private final String quarantineFolder;
  private final DeadLetterPublisher deadLetters;

  OversizeMail(String mailbox, int limit, String quarantineFolder, DeadLetterPublisher deadLetters) {
    this.mailbox = mailbox;
    this.limit = limit;
    this.quarantineFolder = quarantineFolder;
    this.deadLetters = deadLetters;
  }

  boolean isOversize(Message message) throws MessagingException {
    return message.getSize() >= limit;
  }

  void quarantine(Message message) throws MessagingException, KafkaPublishException {
    // RFC822.SIZE and the envelope come with the message list: nothing of the body is fetched
    int size = message.getSize();
    Date sent = message.getSentDate();
    String[] ids = message.getHeader("Message-ID");
    String messageId = ids == null || ids.length == 0 ? "" : ids[0];
    String key = Sha256.hex(mailbox + "\n" + messageId + "\n" + size + "\n" + sent);
    deadLetters.publishUnread(
        mailbox,
        key,
        "mail of " + size + " bytes is larger than the limit of " + limit
            + " bytes; moved unread to " + quarantineFolder);
  }
}
