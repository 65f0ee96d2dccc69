package org.dmarcpipeline.schema.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a stage reaches Kafka. Plain text is allowed only when every broker is on loopback; anything
 * remote needs TLS (SSL or SASL_SSL), and the broker's host name is always verified.
 *
 * @param truststore PKCS12 truststore for a private CA; empty means the JVM's CAs
 * @param saslUser with {@code saslPassword}, SCRAM-SHA-512 credentials (SASL_SSL only)
 * @param tuning further client properties ({@code dmarc.kafka.client.linger.ms=20}); none that
 *     touches security or delivery guarantees is accepted
 */
public record KafkaConnection(
    String bootstrapServers,
    String securityProtocol,
    Optional<Path> truststore,
    Optional<Secret> truststorePassword,
    Optional<String> saslUser,
    Optional<Secret> saslPassword,
    Map<String, String> tuning) {

  /** Properties that only this class sets: security, and the guarantees the pipeline relies on. */
  private static final List<String> RESERVED =
      List.of("ssl.", "sasl.", "security.", "bootstrap.", "acks", "enable.idempotence", "isolation.level",
          "enable.auto.commit", "config.providers");

  public KafkaConnection {
    tuning = Map.copyOf(tuning);
  }

  public static KafkaConnection plaintext(String bootstrapServers) {
    return new KafkaConnection(
        bootstrapServers, "PLAINTEXT", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
  }

  /** Reads {@code dmarc.kafka.*}. */
  public static KafkaConnection from(Settings settings) {
    String servers = settings.required("dmarc.kafka.bootstrap-servers");
    String protocol = settings.string("dmarc.kafka.security-protocol", "SSL");
    KafkaConnection connection =
        new KafkaConnection(
            servers,
            protocol,
            settings.path("dmarc.kafka.truststore"),
            settings.secret("dmarc.kafka.truststore-password"),
            settings.optional("dmarc.kafka.sasl-user"),
            settings.secret("dmarc.kafka.sasl-password"),
            settings.withPrefix("dmarc.kafka.client."));
    connection.problems().forEach(settings::problem);
    return connection;
  }

  List<String> problems() {
    java.util.ArrayList<String> problems = new java.util.ArrayList<>();
    for (String key : tuning.keySet()) {
      if (RESERVED.stream().anyMatch(key::startsWith)) {
        problems.add("dmarc.kafka.client." + key + " cannot be set: security and delivery settings are fixed");
      }
    }
    switch (securityProtocol) {
      case "PLAINTEXT" -> {
        if (!allLoopback()) {
          problems.add(
              "dmarc.kafka.security-protocol=PLAINTEXT is only allowed for brokers on loopback;"
                  + " use SSL or SASL_SSL for " + bootstrapServers);
        }
      }
      case "SSL" -> {}
      case "SASL_SSL" -> {
        if (saslUser.isEmpty() || saslPassword.isEmpty()) {
          problems.add("SASL_SSL needs dmarc.kafka.sasl-user and dmarc.kafka.sasl-password.env");
        }
      }
      default ->
          problems.add(
              "dmarc.kafka.security-protocol must be SSL, SASL_SSL or (loopback only) PLAINTEXT");
    }
    return problems;
  }

  private boolean allLoopback() {
    for (String server : bootstrapServers.split(",")) {
      String host = server.strip();
      int colon = host.lastIndexOf(':');
      if (colon > 0) {
        host = host.substring(0, colon);
      }
      host = host.replace("[", "").replace("]", "");
      if (!(host.equals("localhost") || isLoopbackLiteral(host))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLoopbackLiteral(String host) {
    if (!com.google.common.net.InetAddresses.isInetAddress(host)) {
      return false;
    }
    InetAddress address = com.google.common.net.InetAddresses.forString(host);
    return address.isLoopbackAddress();
  }

  /** Client properties common to producers, consumers and admin clients. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> p = new HashMap<>(tuning);
    p.put("bootstrap.servers", bootstrapServers);
    p.put("security.protocol", securityProtocol);
    if (!securityProtocol.equals("PLAINTEXT")) {
      // Explicit, although it is Kafka's default: host name verification is never switched off.
      p.put("ssl.endpoint.identification.algorithm", "https");
      p.put("ssl.enabled.protocols", "TLSv1.3,TLSv1.2");
      truststore.ifPresent(
          path -> {
            p.put("ssl.truststore.location", path.toString());
            p.put("ssl.truststore.type", "PKCS12");
          });
      truststorePassword.ifPresent(secret -> p.put("ssl.truststore.password", secret.reveal()));
    }
    if (securityProtocol.equals("SASL_SSL")) {
      p.put("sasl.mechanism", "SCRAM-SHA-512");
      p.put(
          "sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
              + saslUser.orElseThrow()
              + "\" password=\""
              + saslPassword.orElseThrow().reveal()
              + "\";");
    }
    return p;
  }
}
