package org.dmarcpipeline.ingest.mailbox;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailUidGenerator;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches what the route reads of a poll's mails (flags, headers, envelope, size, UID) with one
 * IMAP {@code FETCH} for the whole poll instead of a command per mail and item: on a backlog of
 * small reports those round trips were most of the IMAP conversation (docs/performance.md).
 *
 * <p>Camel's mail consumer has no hook before it reads a poll's messages, but it asks for each
 * message's key first, in order, starting with the folder's first message; that first request
 * is where the poll's messages are fetched. The key is the message's UID, unique in its folder.
 * If the bulk fetch fails, every item is still read on its own when asked for, as without it.
 */
final class PollPrefetch implements MailUidGenerator {

  private static final Logger LOG = LoggerFactory.getLogger(PollPrefetch.class);

  private static final FetchProfile PROFILE = new FetchProfile();

  static {
    PROFILE.add(FetchProfile.Item.FLAGS);
    PROFILE.add(FetchProfile.Item.ENVELOPE); // with the size and internal date
    PROFILE.add(UIDFolder.FetchProfileItem.UID);
    PROFILE.add(IMAPFolder.FetchProfileItem.HEADERS);
  }

  private final String mailbox;
  private final int maxMessagesPerPoll;
  private Folder folder;
  private int fetchedFrom;
  private int fetchedTo;

  PollPrefetch(String mailbox, int maxMessagesPerPoll) {
    this.mailbox = mailbox;
    this.maxMessagesPerPoll = maxMessagesPerPoll;
  }

  @Override
  public String generateUuid(MailEndpoint endpoint, Message message) {
    Folder current = message.getFolder();
    int number = message.getMessageNumber();
    try {
      if (current != folder || number == 1 || number < fetchedFrom || number > fetchedTo) {
        prefetch(current, number);
      }
      return Long.toString(((UIDFolder) current).getUID(message));
    } catch (MessagingException e) {
      // the consumer reads the message again right after; a broken connection shows there
      LOG.debug("mailbox {}: no UID for message {}: {}", mailbox, number, e.getMessage());
      return Integer.toString(number);
    }
  }

  private void prefetch(Folder current, int first) {
    folder = current;
    fetchedFrom = first;
    fetchedTo = first - 1;
    try {
      int last = Math.min(current.getMessageCount(), first + maxMessagesPerPoll - 1);
      if (last >= first) {
        current.fetch(current.getMessages(first, last), PROFILE);
        fetchedTo = last;
      }
    } catch (MessagingException e) {
      LOG.debug("mailbox {}: prefetch of messages {}+ failed, reading them one by one: {}", mailbox, first, e.getMessage());
    }
  }
}
