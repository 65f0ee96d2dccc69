package org.dmarcpipeline.ingest.mailbox;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.mail.MailConstants;
import org.dmarcpipeline.ingest.mail.RawMail;
import org.dmarcpipeline.ingest.publish.DeadLetterPublisher;
import org.dmarcpipeline.ingest.publish.KafkaPublishException;
import org.dmarcpipeline.schema.InvalidReportException;

/**
 * The one error policy of all mailbox routes. What is permanent is decided where a failure
 * happens ({@link PoisonGuard}), not by one exception type; this policy acts on the result.
 *
 * <ul>
 *   <li>Permanent ({@link InvalidReportException}, {@link PermanentMailException}: the content
 *       cannot be read, whatever the parser threw; it crashed ingest too often; Kafka keeps
 *       refusing it): the raw mail and the reason go to the dead-letter topic first; only once
 *       Kafka acknowledged does the mail move to the mailbox's invalid folder. If the dead-letter
 *       write fails, the exchange fails and the mail stays.
 *   <li>Anything else (Kafka down, IMAP dropped): not handled. The exchange fails, the mail stays
 *       in its folder, unflagged, and is tried again after a backoff ({@link MailRetries}) while
 *       the mails after it go on.
 * </ul>
 */
public final class MailboxErrorPolicy extends RouteConfigurationBuilder {

  static final String ID = "mailbox-error-policy";

  private final DeadLetterPublisher deadLetters;

  public MailboxErrorPolicy(DeadLetterPublisher deadLetters) {
    this.deadLetters = deadLetters;
  }

  @Override
  public void configuration() {
    routeConfiguration(ID)
        .onException(InvalidReportException.class, PermanentMailException.class)
        .handled(true)
        .process(this::deadLetter)
        .setHeader(MailConstants.MAIL_MOVE_TO, exchangeProperty(MailboxRoutes.INVALID_FOLDER))
        .end()
        .onCompletion()
        .onFailureOnly()
        .process(MailboxErrorPolicy::retryLater)
        .end();
  }

  private void deadLetter(Exchange exchange) throws KafkaPublishException {
    RawMail mail = exchange.getProperty(MailboxRoutes.RAW_MAIL, RawMail.class);
    Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    deadLetters.publish(mail, cause.getMessage());
    MailRetries retries = exchange.getProperty(MailboxRoutes.RETRIES, MailRetries.class);
    Long uid = exchange.getProperty(MailboxRoutes.UID, Long.class);
    if (retries != null && uid != null) {
      retries.done(uid);
    }
  }

  private static void retryLater(Exchange exchange) {
    MailRetries retries = exchange.getProperty(MailboxRoutes.RETRIES, MailRetries.class);
    Long uid = exchange.getProperty(MailboxRoutes.UID, Long.class);
    if (retries != null && uid != null) {
      Throwable cause = exchange.getException() != null
          ? exchange.getException()
          : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
      retries.failed(uid, cause);
    }
  }
}
