package org.dmarcpipeline.ingest.mailbox;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.mail.MailConstants;
import org.dmarcpipeline.ingest.mail.RawMail;
import org.dmarcpipeline.ingest.publish.DeadLetterPublisher;
import org.dmarcpipeline.ingest.publish.KafkaPublishException;
import org.dmarcpipeline.schema.InvalidReportException;

/**
 * The one error policy of all mailbox routes.
 *
 * <ul>
 *   <li>Permanent ({@link InvalidReportException}): the raw mail and the reason go to the
 *       dead-letter topic first; only once Kafka acknowledged does the mail move to the mailbox's
 *       invalid folder. If the dead-letter write fails, the exchange fails and the mail stays.
 *   <li>Anything else (Kafka down, IMAP dropped): not handled. The exchange fails, the mail stays
 *       in its folder, unflagged, and the next poll tries again.
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
        .onException(InvalidReportException.class)
        .handled(true)
        .process(this::deadLetter)
        .setHeader(MailConstants.MAIL_MOVE_TO, exchangeProperty(MailboxRoutes.INVALID_FOLDER));
  }

  private void deadLetter(Exchange exchange) throws KafkaPublishException {
    RawMail mail = exchange.getProperty(MailboxRoutes.RAW_MAIL, RawMail.class);
    Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    deadLetters.publish(mail, cause.getMessage());
  }
}
