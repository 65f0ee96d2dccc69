package org.dmarcpipeline.ingest.mailbox;

import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SizeTerm;
import java.util.List;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.builder.endpoint.dsl.MailEndpointBuilderFactory.MailEndpointConsumerBuilder;
import org.dmarcpipeline.ingest.config.MailboxConfig;
import org.dmarcpipeline.ingest.mail.ReportMailParser;
import org.dmarcpipeline.ingest.publish.DeadLetterPublisher;
import org.dmarcpipeline.ingest.publish.ReportPublisher;

/**
 * Two routes per configured mailbox: one fetches, parses and publishes mail under the size limit;
 * one moves larger mail, unread, to the quarantine folder. The mail server moves the mail to the
 * processed folder only after the route completed, that is after Kafka acknowledged; the error
 * policy ({@link MailboxErrorPolicy}) decides the rest.
 */
public final class MailboxRoutes extends EndpointRouteBuilder {

  /** Exchange property: the mailbox's invalid folder, read by the error policy. */
  static final String INVALID_FOLDER = "dmarcInvalidFolder";

  /** Exchange property: the raw mail, for the dead letter. */
  static final String RAW_MAIL = "dmarcRawMail";

  private final List<MailboxConfig> mailboxes;
  private final ReportMailParser parser;
  private final ReportPublisher publisher;
  private final DeadLetterPublisher deadLetters;

  public MailboxRoutes(
      List<MailboxConfig> mailboxes,
      ReportMailParser parser,
      ReportPublisher publisher,
      DeadLetterPublisher deadLetters) {
    this.mailboxes = List.copyOf(mailboxes);
    this.parser = parser;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
  }

  @Override
  public void configure() {
    for (MailboxConfig mailbox : mailboxes) {
      RawMailReader reader = new RawMailReader(mailbox.name());
      from(endpoint(mailbox, new SizeTerm(ComparisonTerm.LT, mailbox.maxMessageBytes()), mailbox.processedFolder()))
          .routeId("mailbox-" + mailbox.name())
          .routeConfigurationId(MailboxErrorPolicy.ID)
          .process(new SteeringHeaderFilter())
          .setProperty(INVALID_FOLDER, constant(mailbox.invalidFolder()))
          .bean(reader, "read")
          .setProperty(RAW_MAIL, body())
          .bean(parser, "attachments")
          .bean(publisher, "publish");

      // Mail too large to load is swept aside by a second consumer that never fetches a body.
      OversizeMail oversize =
          new OversizeMail(mailbox.name(), mailbox.maxMessageBytes(), mailbox.quarantineFolder(), deadLetters);
      from(endpoint(mailbox, new SizeTerm(ComparisonTerm.GE, mailbox.maxMessageBytes()), mailbox.quarantineFolder()))
          .routeId("mailbox-" + mailbox.name() + "-oversize")
          .process(new SteeringHeaderFilter())
          .bean(oversize, "quarantine");
    }
  }

  /** The endpoint DSL has no typed search term option; it is set on the resolved endpoint. */
  private MailEndpoint endpoint(MailboxConfig mailbox, SearchTerm size, String moveTo) {
    MailEndpoint endpoint = (MailEndpoint) builder(mailbox, moveTo).resolve(getContext());
    endpoint.setSearchTerm(size);
    return endpoint;
  }

  private MailEndpointConsumerBuilder builder(MailboxConfig mailbox, String moveTo) {
    String address = mailbox.host() + ":" + mailbox.port();
    MailEndpointConsumerBuilder endpoint =
        mailbox.tls() == MailboxConfig.TlsMode.IMAPS ? imaps(address) : imap(address);
    return endpoint
        .sslContextParameters(ImapSecurity.sslContext(mailbox))
        // state lives in folders, not flags: a mail read by a person is still processed
        .unseen(false)
        .peek(true)
        .delete(false)
        .moveTo(moveTo)
        .maxMessagesPerPoll(mailbox.maxMessagesPerPoll())
        .delay(mailbox.pollDelay().toMillis())
        .initialDelay(0)
        .skipFailedMessage(false)
        .handleFailedMessage(false)
        .advanced()
        .authenticator(new MailboxAuthenticator(mailbox.user(), mailbox.password()))
        .additionalJavaMailProperties(ImapSecurity.javaMailProperties(mailbox))
        .folderName(mailbox.folder())
        // the raw jakarta.mail.Message, no mail header mapped to a Camel header
        .mapMailMessage(false)
        .connectionTimeout(ImapSecurity.CONNECT_TIMEOUT_MS)
        .basic();
  }
}
