package org.dmarcpipeline.ingest.mailbox;

import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import java.io.IOException;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.dmarcpipeline.ingest.mail.AttachmentFinder;
import org.dmarcpipeline.ingest.mail.ContentFailures;
import org.dmarcpipeline.ingest.mail.RawMail;
import org.dmarcpipeline.ingest.publish.KafkaPublishException;
import org.dmarcpipeline.ingest.publish.ReportPublisher;
import org.dmarcpipeline.schema.InvalidReportException;

/**
 * Reads one fetched mail and hands its records to Kafka, and sorts what goes wrong by where it
 * happened rather than by one exception type: whatever reading the mail's content throws is
 * permanent for that mail, a Kafka failure is transient ({@link MailRetries} counts the refusals
 * that are not). A mail that already crashed ingest too often, or that Kafka keeps refusing, is
 * not read again but dead-lettered.
 */
final class PoisonGuard {

  private final AttachmentFinder finder;
  private final ReportPublisher publisher;
  private final MailRetries retries;
  private final CrashCounter crashes;

  PoisonGuard(AttachmentFinder finder, ReportPublisher publisher, MailRetries retries, CrashCounter crashes) {
    this.finder = finder;
    this.publisher = publisher;
    this.retries = retries;
    this.crashes = crashes;
  }

  /** The UIDVALIDITY of the polled folder, known since it was opened: no round trip. */
  static long uidValidity(jakarta.mail.Message message) throws MessagingException {
    return ((UIDFolder) message.getFolder()).getUIDValidity();
  }

  /**
   * @throws PermanentMailException the mail cannot be read, crashed ingest too often, or Kafka
   *     keeps refusing it: dead letter and invalid folder
   * @throws InvalidReportException some attachment is not a valid report: the same
   * @throws KafkaPublishException Kafka failed (transient): the mail stays and is tried later
   * @throws IOException the crash count cannot be written (transient)
   */
  ReportPublisher.Publication publish(
      @ExchangeProperty(MailboxRoutes.UID) long uid,
      @ExchangeProperty(MailboxRoutes.UID_VALIDITY) long uidValidity,
      @Body RawMail mail)
      throws PermanentMailException, InvalidReportException, KafkaPublishException, IOException {
    retries.checkRefusals(uid);
    String key = CrashCounter.key(uidValidity, uid);
    crashes.begin(key);
    try {
      return publisher.send(finder.attachments(mail));
    } catch (InvalidReportException | KafkaPublishException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // the MIME walk met something it did not foresee (the parser's own failures are already
      // sorted per attachment by the publisher)
      throw new PermanentMailException("not a readable mail: " + ContentFailures.reason(e), e);
    } finally {
      crashes.end(key);
    }
  }
}
