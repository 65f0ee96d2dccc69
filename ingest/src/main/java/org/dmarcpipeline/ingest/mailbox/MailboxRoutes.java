package org.dmarcpipeline.ingest.mailbox;

import java.util.List;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.component.mail.MailConstants;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.builder.endpoint.dsl.MailEndpointBuilderFactory.MailEndpointConsumerBuilder;
import org.dmarcpipeline.ingest.config.MailboxConfig;
import org.dmarcpipeline.ingest.mail.ReportMailParser;
import org.dmarcpipeline.ingest.publish.DeadLetterPublisher;
import org.dmarcpipeline.ingest.publish.ReportPublisher;

/**
 * One route per configured mailbox: fetch, parse, publish; mail over the size limit is moved,
 * unread, to the quarantine folder. The mail server moves the mail to the
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
      OversizeMail oversize =
          new OversizeMail(mailbox.name(), mailbox.maxMessageBytes(), mailbox.quarantineFolder(), deadLetters);
      from(endpoint(mailbox))
          .routeId("mailbox-" + mailbox.name())
          .routeConfigurationId(MailboxErrorPolicy.ID)
          .process(new SteeringHeaderFilter())
          .setProperty(INVALID_FOLDER, constant(mailbox.invalidFolder()))
          .choice()
            // the size comes with the message list; a mail too large is never fetched
            .when(method(oversize, "isOversize"))
              .bean(oversize, "quarantine")
              .setHeader(MailConstants.MAIL_MOVE_TO, constant(mailbox.quarantineFolder()))
            .otherwise()
              .bean(reader, "read")
              .setProperty(RAW_MAIL, body())
              .bean(parser, "attachments")
              .bean(publisher, "publish")
          .end();
    }
  }

  /**
   * The mailbox's endpoint. Session properties are set on the resolved endpoint, not through the
   * endpoint DSL: the DSL prefixes every key with {@code mail.} once more ({@code
   * mail.mail.imaps.timeout}), and the mail session then never sees them (MailboxEndpointTest).
   */
  MailEndpoint endpoint(MailboxConfig mailbox) {
    MailEndpoint endpoint = (MailEndpoint) builder(mailbox).resolve(getContext());
    endpoint.getConfiguration().setAdditionalJavaMailProperties(ImapSecurity.javaMailProperties(mailbox));
    return endpoint;
  }

  private MailEndpointConsumerBuilder builder(MailboxConfig mailbox) {
    String address = mailbox.host() + ":" + mailbox.port();
    MailEndpointConsumerBuilder endpoint =
        mailbox.tls() == MailboxConfig.TlsMode.IMAPS ? imaps(address) : imap(address);
    return endpoint
        .sslContextParameters(ImapSecurity.sslContext(mailbox))
        // state lives in folders, not flags: a mail read by a person is still processed
        .unseen(false)
        .peek(true)
        .delete(false)
        .moveTo(mailbox.processedFolder())
        .maxMessagesPerPoll(mailbox.maxMessagesPerPoll())
        .delay(mailbox.pollDelay().toMillis())
        .initialDelay(0)
        .skipFailedMessage(false)
        .handleFailedMessage(false)
        .advanced()
        .authenticator(new MailboxAuthenticator(mailbox.user(), mailbox.password()))
        .folderName(mailbox.folder())
        // the body is the raw jakarta.mail.Message; Camel still copies the mail's headers into
        // Camel headers when asked, which is why SteeringHeaderFilter runs first
        .mapMailMessage(false)
        .connectionTimeout(ImapSecurity.CONNECT_TIMEOUT_MS)
        .basic();
  }
}
