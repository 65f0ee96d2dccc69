package org.dmarcpipeline.processor.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.util.Timeout;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;

/**
 * Builds the Elasticsearch client: over HTTPS the certificate and the host name are always verified.
 *
 * <p>Not {@code ElasticsearchClient.of(...)}: its HTTP client (Apache HttpClient 5.6, async TLS)
 * applies the TLS parameters to the engine before it sets the endpoint identification on them, so
 * the JDK never checks the host name, and with no client-side verifier nothing does (a certificate
 * for another host from a trusted CA was accepted; SecuredElasticsearchIT T2). We install a TLS
 * strategy that verifies the host name itself after the handshake.
 */
public final class ElasticsearchClients {

  private ElasticsearchClients() {}

  public static ElasticsearchClient create(ElasticsearchConnection connection) {
    HttpHost host;
    try {
      host = HttpHost.create(connection.url());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not an Elasticsearch URL: " + connection.url(), e);
    }
    SSLContext ssl = connection.caCertificate().map(ElasticsearchClients::trusting).orElseGet(ElasticsearchClients::jvmDefault);
    TlsStrategy verified =
        ClientTlsStrategyBuilder.create()
            .setSslContext(ssl)
            .setTlsVersions(TLS.V_1_3, TLS.V_1_2)
            .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
            .setHostnameVerifier(new DefaultHostnameVerifier())
            .buildAsync();
    Rest5ClientBuilder builder =
        Rest5Client.builder(host)
            .setSSLContext(ssl)
            // Runs after the builder installed its own strategy, so ours is the one used.
            .setConnectionManagerCallback(manager -> manager.setTlsStrategy(verified))
            .setConnectionConfigCallback(config -> config.setSocketTimeout(Timeout.of(connection.timeout())))
            .setRequestConfigCallback(request -> request.setResponseTimeout(Timeout.of(connection.timeout())));
    List<Header> headers = new ArrayList<>();
    connection.apiKey().ifPresent(key -> headers.add(new BasicHeader("Authorization", "ApiKey " + key.reveal())));
    connection.login().ifPresent(login -> headers.add(new BasicHeader("Authorization", "Basic " + Base64.getEncoder()
        .encodeToString((login.user() + ":" + login.password().reveal()).getBytes(StandardCharsets.UTF_8)))));
    if (!headers.isEmpty()) {
      builder.setDefaultHeaders(headers.toArray(Header[]::new));
    }
    return new ElasticsearchClient(new WholeBodyTransport(builder.build(), new JacksonJsonpMapper()));
  }

  private static SSLContext jvmDefault() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no default TLS context", e);
    }
  }

  private static SSLContext trusting(Path caPem) {
    try (InputStream in = Files.newInputStream(caPem)) {
      Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("elasticsearch-ca", ca);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load Elasticsearch CA " + caPem, e);
    }
  }
}
