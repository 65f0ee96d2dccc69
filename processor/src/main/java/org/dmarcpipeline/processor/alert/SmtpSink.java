package org.dmarcpipeline.processor.alert;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.dmarcpipeline.processor.config.SmtpSettings;
import org.dmarcpipeline.schema.config.Secret;

/**
 * Mails each notification to the people responsible for the alert's domain. TLS is always on: either
 * implicit TLS (submissions, port 465) or STARTTLS that must succeed before anything is sent; the
 * server certificate is checked against the configured CA (or the JVM's) and the host name verified.
 * There is no plain-text mode and no trust-all option.
 */
public final class SmtpSink implements AlertSink {

  private final SmtpSettings settings;
  private final String protocol;
  private final Session session;

  public SmtpSink(SmtpSettings settings) throws IOException, GeneralSecurityException {
    this.settings = settings;
    this.protocol = settings.tls() == SmtpSettings.Tls.IMPLICIT ? "smtps" : "smtp";
    Properties p = new Properties();
    p.put("mail.transport.protocol", protocol);
    p.put("mail." + protocol + ".host", settings.host());
    p.put("mail." + protocol + ".port", Integer.toString(settings.port()));
    p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
    p.put("mail." + protocol + ".ssl.protocols", "TLSv1.3 TLSv1.2");
    p.put("mail." + protocol + ".ssl.socketFactory", socketFactory(settings));
    p.put("mail." + protocol + ".connectiontimeout", "15000");
    p.put("mail." + protocol + ".timeout", "30000");
    p.put("mail." + protocol + ".writetimeout", "30000");
    if (settings.tls() == SmtpSettings.Tls.STARTTLS) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    p.put("mail." + protocol + ".auth", Boolean.toString(settings.user().isPresent()));
    this.session = Session.getInstance(p, settings.user().isEmpty() ? null : new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(settings.user().get(), settings.password().map(Secret::reveal).orElse(""));
      }
    });
  }

  @Override
  public void send(NotificationKind kind, Alert alert) throws MessagingException {
    List<String> to = settings.recipients().getOrDefault(alert.domain(), settings.recipients().getOrDefault("*", List.of()));
    if (to.isEmpty()) {
      return;
    }
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(settings.from(), true));
    message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", to), true));
    message.setSubject("[DMARC " + kind.word() + "] " + alert.summary(), "UTF-8");
    message.setHeader("X-Dmarc-Alert-Id", alert.id());
    message.setText(body(kind, alert), "UTF-8");
    message.saveChanges();
    // Transport.send would pick the transport by address type (plain smtp), not the one configured
    try (Transport transport = session.getTransport(protocol)) {
      transport.connect();
      transport.sendMessage(message, message.getAllRecipients());
    }
  }

  /** The mail text; package-visible so a test can pin its words. */
  static String body(NotificationKind kind, Alert alert) {
    String figures = alert.figures().entrySet().stream().map(e -> "  " + e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining("\n"));
    return """
        %s (%s)

        domain: %s
        rule: %s
        window: %s to %s
        figures:
        %s
        %s
        alert id: %s
        """.formatted(alert.summary(), kind.word(), alert.domain(), alert.rule().word(), alert.windowStart(), alert.windowEnd(), figures,
        alert.suggestedFix() == null ? "" : "suggested fix: " + alert.suggestedFix() + "\n", alert.id());
  }

  private static SSLSocketFactory socketFactory(SmtpSettings settings) throws IOException, GeneralSecurityException {
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (settings.truststore().isPresent()) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(settings.truststore().get())) {
        store.load(in, settings.truststorePassword().map(s -> s.reveal().toCharArray()).orElse(null));
      }
      trust.init(store);
    } else {
      trust.init((KeyStore) null);
    }
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    return tls.getSocketFactory();
  }
}
