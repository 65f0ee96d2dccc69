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
 * unread, to the quarantine folder. A mail goes to the processed folder only after the route
 * completed, that is after Kafka acknowledged, all of a poll's mails in one move ({@link
 * ProcessedMailMover}); the error policy ({@link MailboxErrorPolicy}) decides the rest.
 */
public final class MailboxRoutes extends EndpointRouteBuilder {

  /** Exchange property: the mailbox's invalid folder, read by the error policy. */
  static final String INVALID_FOLDER = "dmarcInvalidFolder";

  /** Exchange property: the raw mail, for the dead letter. */
  static final String RAW_MAIL = "dmarcRawMail";

  /** Exchange property: the mail's UID in its folder. */
  static final String UID = "dmarcUid";

  private final List<ProcessedMailMover> movers = new java.util.ArrayList<>();

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
      ProcessedMailMover mover = new ProcessedMailMover(mailbox, getContext(), publisher);
      movers.add(mover);
      from(endpoint(mailbox, mover))
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
              .setProperty(UID, method(ProcessedMailMover.class, "uid"))
              .bean(reader, "read")
              .setProperty(RAW_MAIL, body())
              .bean(parser, "attachments")
              .bean(publisher, "send")
              .process(exchange -> mover.sent(exchange.getProperty(UID, Long.class),
                  exchange.getIn().getBody(ReportPublisher.Publication.class)))
          .end();
    }
  }

  /**
   * The mailbox's endpoint. Session properties are set on the resolved endpoint, not through the
   * endpoint DSL: the DSL prefixes every key with {@code mail.} once more ({@code
   * mail.mail.imaps.timeout}), and the mail session then never sees them (MailboxEndpointTest).
   */
  MailEndpoint endpoint(MailboxConfig mailbox, ProcessedMailMover mover) {
    MailEndpoint endpoint = (MailEndpoint) builder(mailbox).resolve(getContext());
    endpoint.setPollStrategy(mover);
    endpoint.setMailUidGenerator(new PollPrefetch(mailbox.name(), mailbox.maxMessagesPerPoll()));
    endpoint.getConfiguration().setAdditionalJavaMailProperties(ImapSecurity.javaMailProperties(mailbox));
    return endpoint;
  }

  /** After the routes stopped: moves what the last poll published, closes the movers' connections. */
  public void closeMovers() {
    for (ProcessedMailMover mover : movers) {
      mover.moveAll();
      mover.close();
    }
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
        .maxMessagesPerPoll(mailbox.maxMessagesPerPoll())
        .delay(mailbox.pollDelay().toMillis())
        // a backlog is drained poll after poll; the delay applies once the folder is empty
        .greedy(true)
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
