package org.dmarcpipeline.testing.services;

import java.nio.file.Path;

/**
 * The local services of one JVM, each started on first use and stopped when the JVM exits, so
 * that all integration tests of a module share one broker, one Elasticsearch and one IMAP server.
 */
public final class LocalStack {

  private static TestCertificateAuthority ca;
  private static LocalKafka kafka;
  private static LocalElasticsearch elasticsearch;
  private static LocalImapServer imap;
  private static Path dir;

  private LocalStack() {}

  public static synchronized TestCertificateAuthority ca() {
    if (ca == null) {
      dir = TempDirs.create("dmarc-tls-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> TempDirs.deleteQuietly(dir), "local-tls-cleanup"));
      ca = TestCertificateAuthority.create(dir);
    }
    return ca;
  }

  public static synchronized LocalKafka kafka() {
    if (kafka == null) {
      kafka = LocalKafka.start();
    }
    return kafka;
  }

  public static synchronized LocalElasticsearch elasticsearch() {
    if (elasticsearch == null) {
      elasticsearch = LocalElasticsearch.start();
    }
    return elasticsearch;
  }

  public static synchronized LocalImapServer imap() {
    if (imap == null) {
      imap = LocalImapServer.start(ca());
      Runtime.getRuntime().addShutdownHook(new Thread(imap::close, "local-imap-stop"));
    }
    return imap;
  }
}
