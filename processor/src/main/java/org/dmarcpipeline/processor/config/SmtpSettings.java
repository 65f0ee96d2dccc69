package org.dmarcpipeline.processor.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmarcpipeline.schema.config.Secret;

/**
 * Where alert mail goes ({@code dmarc.alerts.smtp.*}). TLS cannot be turned off: the only choice is
 * how it starts.
 *
 * @param tls {@code implicit} (port 465) or {@code starttls} (port 587, STARTTLS required)
 * @param truststore PKCS12 truststore for a private CA; empty means the JVM's CAs
 * @param recipients addresses per {@code policy_published.domain}; key {@code *} gets the rest
 */
public record SmtpSettings(String host, int port, Tls tls, Optional<Path> truststore, Optional<Secret> truststorePassword,
    Optional<String> user, Optional<Secret> password, String from, Map<String, List<String>> recipients) {

  /** How the TLS session starts. */
  public enum Tls { IMPLICIT, STARTTLS }

  public SmtpSettings {
    recipients = Map.copyOf(recipients);
  }

  /** Reads {@code dmarc.alerts.smtp.*}; empty when no host is set. */
  public static Optional<SmtpSettings> from(org.dmarcpipeline.schema.config.Settings settings) {
    Optional<String> host = settings.optional("dmarc.alerts.smtp.host");
    if (host.isEmpty()) {
      return Optional.empty();
    }
    Tls tls = switch (settings.string("dmarc.alerts.smtp.tls", "implicit")) {
      case "implicit" -> Tls.IMPLICIT;
      case "starttls" -> Tls.STARTTLS;
      default -> {
        settings.problem("dmarc.alerts.smtp.tls must be implicit or starttls (there is no plain-text mode)");
        yield Tls.IMPLICIT;
      }
    };
    Map<String, List<String>> recipients = new java.util.TreeMap<>();
    List<String> everyone = settings.list("dmarc.alerts.smtp.to");
    if (!everyone.isEmpty()) {
      recipients.put("*", everyone);
    }
    // reports carry policy_published.domain in lower case; so must the keys it is looked up by
    settings.withPrefix("dmarc.alerts.smtp.to.").forEach((domain, to) ->
        recipients.put(domain.toLowerCase(java.util.Locale.ROOT), List.of(to.split("\\s*,\\s*"))));
    if (recipients.isEmpty()) {
      settings.problem("dmarc.alerts.smtp.to (or dmarc.alerts.smtp.to.<domain>) is required with dmarc.alerts.smtp.host");
    }
    Optional<String> user = settings.optional("dmarc.alerts.smtp.user");
    Optional<Secret> password = settings.secret("dmarc.alerts.smtp.password");
    if (user.isPresent() && password.isEmpty()) {
      settings.problem("dmarc.alerts.smtp.password.env or .file is required with dmarc.alerts.smtp.user");
    }
    return Optional.of(new SmtpSettings(host.get(),
        settings.integer("dmarc.alerts.smtp.port", tls == Tls.IMPLICIT ? 465 : 587, 1, 65535), tls,
        settings.path("dmarc.alerts.smtp.truststore"), settings.secret("dmarc.alerts.smtp.truststore-password"),
        user, password, settings.required("dmarc.alerts.smtp.from"), recipients));
  }
}
