package org.dmarcpipeline.ingest.mailbox;

import jakarta.mail.PasswordAuthentication;
import org.apache.camel.component.mail.MailAuthenticator;
import org.dmarcpipeline.schema.config.Secret;

/**
 * Hands the credentials to the mail session at login, so the password never appears in an endpoint
 * URI, where Camel would keep it in its registry and route dumps.
 */
final class MailboxAuthenticator extends MailAuthenticator {

  private final String user;
  private final Secret password;

  MailboxAuthenticator(String user, Secret password) {
    this.user = user;
    this.password = password;
  }

  @Override
  public PasswordAuthentication getPasswordAuthentication() {
    return new PasswordAuthentication(user, password.reveal());
  }
}
