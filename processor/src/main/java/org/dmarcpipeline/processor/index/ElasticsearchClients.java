package org.dmarcpipeline.processor.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;

/** Builds the Elasticsearch client: host name and certificate always verified over HTTPS. */
public final class ElasticsearchClients {

  private ElasticsearchClients() {}

  public static ElasticsearchClient create(ElasticsearchConnection connection) {
    SSLContext ssl = connection.caCertificate().map(ElasticsearchClients::trusting).orElse(null);
    return ElasticsearchClient.of(
        b -> {
          b.host(connection.url());
          connection.apiKey().ifPresent(key -> b.apiKey(key.reveal()));
          if (ssl != null) {
            b.sslContext(ssl);
          }
          return b;
        });
  }

  private static SSLContext trusting(java.nio.file.Path caPem) {
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
