package org.dmarcpipeline.ingest.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.dmarcpipeline.ingest.config.MailboxConfig;
import org.dmarcpipeline.schema.config.Secret;
import org.junit.jupiter.api.Test;

/** What the mail session of a mailbox route really gets, read back from the Camel endpoint. */
class MailboxEndpointTest {

  private static Properties sessionProperties(MailboxConfig.TlsMode tls) throws Exception {
    MailboxConfig mailbox = new MailboxConfig("m", "imap.example.net", 143, tls, "u", Secret.of("p"),
        Optional.empty(), Optional.empty(), "INBOX", "Done", "Invalid", "Quarantine",
        MailboxConfig.DEFAULT_MAX_MESSAGE_BYTES, Duration.ofSeconds(30), 25);
    try (DefaultCamelContext camel = new DefaultCamelContext()) {
      MailboxRoutes routes = new MailboxRoutes(List.of(mailbox), null, null, null, null);
      routes.setCamelContext(camel);
      MailEndpoint endpoint = routes.endpoint(mailbox, new ProcessedMailMover(mailbox, camel, null, new MailRetries()));
      // the properties the consumer's mail session is built from (MailConfiguration)
      return endpoint.getConfiguration().getAdditionalJavaMailProperties();
    }
  }

  @Test
  void starttlsMailboxSessionShouldRequireStarttls_T3() throws Exception {
    Properties session = sessionProperties(MailboxConfig.TlsMode.STARTTLS);

    assertThat(session.getProperty("mail.imap.starttls.required")).isEqualTo("true");
    assertThat(session.getProperty("mail.imap.ssl.checkserveridentity")).isEqualTo("true");
  }

  @Test
  void imapsMailboxSessionShouldCheckTheServerIdentity_T2() throws Exception {
    Properties session = sessionProperties(MailboxConfig.TlsMode.IMAPS);

    assertThat(session.getProperty("mail.imaps.ssl.checkserveridentity")).isEqualTo("true");
    assertThat(session.getProperty("mail.imaps.timeout")).isEqualTo("60000");
  }
}
