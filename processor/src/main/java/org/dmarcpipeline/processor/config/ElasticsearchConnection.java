package org.dmarcpipeline.processor.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.dmarcpipeline.schema.config.Secret;
import org.dmarcpipeline.schema.config.Settings;

/**
 * How the processor reaches Elasticsearch. Plain HTTP only to loopback; anything remote is HTTPS,
 * verified against the JVM's CAs or the given CA certificate, with an API key or a user's login.
 *
 * @param caCertificate PEM file of a private CA, empty for the JVM's CAs
 * @param timeout how long a request may wait for bytes from the server before it fails and its
 *     records are retried; a frozen node must not hold the processor forever
 */
public record ElasticsearchConnection(
    String url, Optional<Secret> apiKey, Optional<Login> login, Optional<Path> caCertificate, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** A user of the native or file realm, for clusters where API keys are not available. */
  public record Login(String user, Secret password) {}

  public static ElasticsearchConnection local(String url) {
    return new ElasticsearchConnection(url, Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_TIMEOUT);
  }

  public ElasticsearchConnection withTimeout(Duration timeout) {
    return new ElasticsearchConnection(url, apiKey, login, caCertificate, timeout);
  }

  /** Reads {@code dmarc.elasticsearch.*}. */
  public static ElasticsearchConnection from(Settings settings) {
    String url = settings.required("dmarc.elasticsearch.url");
    Optional<String> user = settings.optional("dmarc.elasticsearch.user");
    Optional<Secret> password = settings.secret("dmarc.elasticsearch.password");
    Optional<Secret> apiKey = settings.secret("dmarc.elasticsearch.api-key");
    if (user.isPresent() != password.isPresent()) {
      settings.problem("dmarc.elasticsearch.user and dmarc.elasticsearch.password.env/.file go together");
    }
    if (user.isPresent() && apiKey.isPresent()) {
      settings.problem("dmarc.elasticsearch: give an api-key or a user, not both");
    }
    ElasticsearchConnection connection =
        new ElasticsearchConnection(
            url,
            apiKey,
            user.flatMap(u -> password.map(p -> new Login(u, p))),
            settings.path("dmarc.elasticsearch.ca-certificate"),
            settings.duration("dmarc.elasticsearch.timeout", DEFAULT_TIMEOUT));
    if (!url.isEmpty()) {
      URI uri = URI.create(url);
      boolean loopback =
          uri.getHost() != null
              && (uri.getHost().equals("localhost") || uri.getHost().startsWith("127.") || uri.getHost().equals("[::1]"));
      if ("http".equals(uri.getScheme()) && !loopback) {
        settings.problem("dmarc.elasticsearch.url must use https for a remote host: " + url);
      } else if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        settings.problem("dmarc.elasticsearch.url must be http(s)://host:port, not " + url);
      }
    }
    return connection;
  }
}
