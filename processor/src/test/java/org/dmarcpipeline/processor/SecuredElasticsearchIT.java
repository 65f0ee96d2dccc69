package org.dmarcpipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Secret;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.services.LocalElasticsearch;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TempDirs;
import org.dmarcpipeline.testing.services.TestCertificateAuthority;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The processor against Elasticsearch as production runs it: HTTPS with a private CA, and a login
 * holding only the privileges that the Docker stack's setup gives the processor's API key
 * ({@code docker/setup/processor-api-key.json}). The test server cannot make API keys (its
 * {@code .security} index needs a module the test distribution lacks), so the same role is given
 * to a file-realm user and the processor logs in with a password.
 */
class SecuredElasticsearchIT {

  private static final Path API_KEY_REQUEST = Path.of("..", "docker", "setup", "processor-api-key.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String PROCESSOR_USER = "dmarc-processor";
  private static final String PROCESSOR_PASSWORD = "processor-" + UUID.randomUUID();

  private static TestCertificateAuthority ca;
  private static LocalElasticsearch es;
  private static HttpClient admin;

  @BeforeAll
  static void startSecuredNode() throws Exception {
    ca = TestCertificateAuthority.create(TempDirs.create("dmarc-es-ca-"));
    String role = JSON.readTree(Files.readString(API_KEY_REQUEST)).path("role_descriptors").path("dmarc-processor").toString();
    // A certificate for "localhost" only: connecting by IP address must fail host name verification.
    es = LocalElasticsearch.startSecured(ca, "admin-" + UUID.randomUUID(),
        List.of(new LocalElasticsearch.FileUser(PROCESSOR_USER, PROCESSOR_PASSWORD, "dmarc_processor", role)), "localhost");
    admin = HttpClient.newBuilder().sslContext(ca.clientContext()).build();
  }

  @AfterAll
  static void stop() {
    es.close();
  }

  @Test
  void processorShouldIndexOverHttpsWithOnlyTheProcessorsPrivileges() throws Exception {
    Topics topics = topics();
    List<AggregateRecord> records = AggregateRecords.of(new ReportParser().parse(new ReportGenerator(61).next(25, 61).xml()));
    try (var processor = ProcessorService.start(config(topics, connection(es.url(), PROCESSOR_PASSWORD, ca.caCertificatePem())));
        var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", LocalStack.kafka().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      for (AggregateRecord record : records) {
        producer.send(new ProducerRecord<>(topics.records(), record.id(), DmarcJson.encode(record))).get();
      }
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(countAsAdmin(records.get(0).reportKey())).isEqualTo(records.size()));
    }
  }

  @Test
  void certificateForAnotherHostNameShouldBeRefused_T2() throws Exception {
    String byAddress = es.url().replace("localhost", "127.0.0.1");
    assertThatThrownBy(() -> ProcessorService.start(config(topics(), connection(byAddress, PROCESSOR_PASSWORD, ca.caCertificatePem()))))
        .hasRootCauseInstanceOf(javax.net.ssl.SSLPeerUnverifiedException.class);
  }

  @Test
  void certificateFromAnotherCaShouldBeRefused_T1() throws Exception {
    Path otherCa = TestCertificateAuthority.create(TempDirs.create("dmarc-other-ca-")).caCertificatePem();
    assertThatThrownBy(() -> ProcessorService.start(config(topics(), connection(es.url(), PROCESSOR_PASSWORD, otherCa))))
        .satisfies(e -> assertThat(causes(e)).anyMatch(SSLException.class::isInstance));
  }

  @Test
  void wrongCredentialsShouldStopTheStartWithAnAuthenticationError_T5() {
    assertThatThrownBy(() -> ProcessorService.start(config(topics(), connection(es.url(), "not-" + PROCESSOR_PASSWORD, ca.caCertificatePem()))))
        .hasMessageContaining("security_exception")
        .hasMessageContaining("unable to authenticate user [" + PROCESSOR_USER + "]");
  }

  @Test
  void processorsRoleShouldNotReachIndicesOutsideDmarc() throws Exception {
    String login = java.util.Base64.getEncoder().encodeToString(
        (PROCESSOR_USER + ":" + PROCESSOR_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<String> response = admin.send(HttpRequest.newBuilder(URI.create(es.url() + "/other-index/_doc"))
        .header("Authorization", "Basic " + login).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
  }

  private static long countAsAdmin(String reportKey) throws Exception {
    admin.send(asAdmin("/dmarc-records/_refresh").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    String query = "{\"query\":{\"term\":{\"report.key\":\"" + reportKey + "\"}}}";
    HttpResponse<String> response = admin.send(asAdmin("/dmarc-records/_count")
        .POST(HttpRequest.BodyPublishers.ofString(query)).build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()).path("count").asLong() : -1;
  }

  private static HttpRequest.Builder asAdmin(String path) {
    return HttpRequest.newBuilder(URI.create(es.url() + path))
        .header("Authorization", es.adminAuthorization())
        .header("Content-Type", "application/json");
  }

  private static ElasticsearchConnection connection(String url, String password, Path caPem) {
    return new ElasticsearchConnection(url, Optional.empty(),
        Optional.of(new ElasticsearchConnection.Login(PROCESSOR_USER, Secret.of(password))), Optional.of(caPem),
        ElasticsearchConnection.DEFAULT_TIMEOUT);
  }

  private static ProcessorConfig config(Topics topics, ElasticsearchConnection connection) {
    return new ProcessorConfig(KafkaConnection.plaintext(LocalStack.kafka().bootstrapServers()), topics,
        "secured-" + UUID.randomUUID(), connection, 100, 1);
  }

  private static Topics topics() throws Exception {
    Topics topics = Topics.DEFAULTS.withSuffix("-" + UUID.randomUUID().toString().substring(0, 8));
    try (Admin kafka = Admin.create(Map.of("bootstrap.servers", LocalStack.kafka().bootstrapServers()))) {
      kafka.createTopics(List.of(new NewTopic(topics.records(), 1, (short) 1), new NewTopic(topics.reports(), 1, (short) 1),
          new NewTopic(topics.deadLetter(), 1, (short) 1))).all().get();
    }
    return topics;
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> chain = new java.util.ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
