package org.dmarcpipeline.ingest.mailbox;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.testing.services.ImapClient;
import org.dmarcpipeline.testing.services.LocalImapServer;
import org.dmarcpipeline.testing.services.LocalStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A mailbox of each test's own on the shared local IMAPS server, topics of its own, a client on
 * it; and what the test opened, closed after it in reverse order.
 */
abstract class MailboxFixture {

  protected final List<AutoCloseable> open = new ArrayList<>();
  protected LocalImapServer server;
  protected String user;
  protected String password;
  protected Topics topics;
  protected ImapClient imap;

  /** The start of the test user's name, telling whose mailbox a server log line is about. */
  abstract String userPrefix();

  @BeforeEach
  void mailbox() throws Exception {
    server = LocalStack.imap();
    String run = UUID.randomUUID().toString().substring(0, 8);
    user = userPrefix() + "-" + run + "@example.test";
    password = "pw-" + run;
    server.addUser(user, password);
    topics = Topics.DEFAULTS.withSuffix("-" + run);
    imap = new ImapClient(server.host(), server.port(), server.trustStore(), user, password);
    open.add(imap);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
  }
}
