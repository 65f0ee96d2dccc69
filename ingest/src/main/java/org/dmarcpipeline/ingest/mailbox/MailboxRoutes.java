package org.dmarcpipeline.ingest.mailbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.component.mail.MailConstants;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.builder.endpoint.dsl.MailEndpointBuilderFactory.MailEndpointConsumerBuilder;
import org.dmarcpipeline.ingest.config.MailboxConfig;
import org.dmarcpipeline.ingest.mail.AttachmentFinder;
import org.dmarcpipeline.ingest.publish.DeadLetterPublisher;
import org.dmarcpipeline.ingest.publish.ReportPublisher;
import org.dmarcpipeline.schema.fingerprint.Sha256;

/**
 * One route per configured mailbox: fetch, parse, publish; mail over the size limit is moved,
 * unread, to the quarantine folder; a mail that failed for a transient reason waits its turn
 * ({@link MailRetries}). A mail goes to the processed folder only after the route completed, that
 * is after Kafka acknowledged, all of a poll's mails in one move ({@link ProcessedMailMover});
 * what reading a mail may throw is sorted by {@link PoisonGuard}, and the error policy ({@link
 * MailboxErrorPolicy}) acts on it.
 */
public final class MailboxRoutes extends EndpointRouteBuilder {

  /** Exchange property: the mailbox's invalid folder, read by the error policy. */
  static final String INVALID_FOLDER = "dmarcInvalidFolder";

  /** Exchange property: the raw mail, for the dead letter. */
  static final String RAW_MAIL = "dmarcRawMail";

  /** Exchange property: the mail's UID in its folder. */
  static final String UID = "dmarcUid";

  /** Exchange property: the UIDVALIDITY of the mail's folder. */
  static final String UID_VALIDITY = "dmarcUidValidity";

  /** Exchange property: the mailbox's {@link MailRetries}, told by the error policy of failures. */
  static final String RETRIES = "dmarcRetries";

  /**
   * Where each mailbox counts the parses that crashed ingest ({@link CrashCounter}).
   *
   * @param directory created if missing
   * @param maxAttempts parses of one mail that may crash before it is quarantined
   */
  public record CrashGuard(Path directory, int maxAttempts) {}

  private final List<ProcessedMailMover> movers = new java.util.ArrayList<>();

  private final List<MailboxConfig> mailboxes;
  private final AttachmentFinder finder;
  private final ReportPublisher publisher;
  private final DeadLetterPublisher deadLetters;
  private final CrashGuard crashGuard;

  public MailboxRoutes(
      List<MailboxConfig> mailboxes,
      AttachmentFinder finder,
      ReportPublisher publisher,
      DeadLetterPublisher deadLetters,
      CrashGuard crashGuard) {
    this.mailboxes = List.copyOf(mailboxes);
    this.finder = finder;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
    this.crashGuard = crashGuard;
  }

  @Override
  public void configure() throws IOException {
    Files.createDirectories(crashGuard.directory());
    for (MailboxConfig mailbox : mailboxes) {
      RawMailReader reader = new RawMailReader(mailbox.name());
      OversizeMail oversize =
          new OversizeMail(mailbox.name(), mailbox.maxMessageBytes(), mailbox.quarantineFolder(), deadLetters);
      MailRetries retries = new MailRetries();
      PoisonGuard guard = new PoisonGuard(finder, publisher, retries,
          new CrashCounter(crashGuard.directory().resolve(stateFileName(mailbox)), crashGuard.maxAttempts()));
      ProcessedMailMover mover = new ProcessedMailMover(mailbox, getContext(), publisher, retries);
      movers.add(mover);
      from(endpoint(mailbox, mover))
          .routeId("mailbox-" + mailbox.name())
          .routeConfigurationId(MailboxErrorPolicy.ID)
          .process(new SteeringHeaderFilter())
          .setProperty(INVALID_FOLDER, constant(mailbox.invalidFolder()))
          .setProperty(RETRIES, constant(retries))
          .setProperty(UID, method(ProcessedMailMover.class, "uid"))
          .choice()
            // the size comes with the message list; a mail too large is never fetched
            .when(method(oversize, "isOversize"))
              .bean(oversize, "quarantine")
              .setHeader(MailConstants.MAIL_MOVE_TO, constant(mailbox.quarantineFolder()))
            // passed over, not failed: the mails after it go on meanwhile
            .when(method(retries, "waiting"))
              .log(LoggingLevel.DEBUG, "mail ${exchangeProperty." + UID + "} waits for its next try")
            .otherwise()
              .setProperty(UID_VALIDITY, method(PoisonGuard.class, "uidValidity"))
              .bean(reader, "read")
              .setProperty(RAW_MAIL, body())
              .bean(guard, "publish")
              .process(exchange -> mover.sent(exchange.getProperty(UID, Long.class),
                  exchange.getIn().getBody(ReportPublisher.Publication.class)))
          .end();
    }
  }

  /** The mailbox's name, readable, and its server, user and folder, so that two never share a file. */
  static String stateFileName(MailboxConfig mailbox) {
    String where = mailbox.host() + ":" + mailbox.port() + "/" + mailbox.user() + "/" + mailbox.folder();
    return mailbox.name().replaceAll("[^A-Za-z0-9_-]", "_") + "-" + Sha256.hex(where).substring(0, 12) + ".crashes";
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
