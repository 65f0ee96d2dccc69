package org.dmarcpipeline.ingest.mailbox;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.dmarcpipeline.ingest.mail.RawMail;

/**
 * Fetches the whole message from the server as bytes. A failure here is the connection's, not the
 * mail's: it propagates, the exchange fails and the mail stays for the next poll.
 */
final class RawMailReader {

  private final String mailbox;

  RawMailReader(String mailbox) {
    this.mailbox = mailbox;
  }

  RawMail read(Message message) throws MessagingException, IOException {
    int size = Math.max(message.getSize(), 1024);
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    message.writeTo(out);
    return new RawMail(mailbox, out.toByteArray());
  }
}
