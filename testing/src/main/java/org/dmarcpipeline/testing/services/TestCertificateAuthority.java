package org.dmarcpipeline.testing.services;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for the local services: clients trust only this CA and
 * verify host names, exactly as they would against a real server. Nothing trusts all.
 */
public final class TestCertificateAuthority {

  /** Password of the generated PKCS12 files; they hold test keys only. */
  public static final String STORE_PASSWORD = "changeit";

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path dir;
  private final KeyPair caKeys;
  private final X509Certificate caCertificate;

  private TestCertificateAuthority(Path dir, KeyPair caKeys, X509Certificate caCertificate) {
    this.dir = dir;
    this.caKeys = caKeys;
    this.caCertificate = caCertificate;
  }

  /** A new CA whose files live in {@code dir}. */
  public static TestCertificateAuthority create(Path dir) {
    try {
      KeyPair keys = rsa();
      X500Name name = new X500Name("CN=dmarc-pipeline test CA");
      X509v3CertificateBuilder builder = builder(name, name, keys);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new TestCertificateAuthority(dir, keys, sign(builder, keys));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create the test CA", e);
    }
  }

  /** A PKCS12 truststore holding only this CA's certificate. */
  public Path trustStore() {
    Path file = dir.resolve("truststore.p12");
    if (Files.exists(file)) {
      return file;
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("dmarc-test-ca", caCertificate);
      write(store, file);
      return file;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot write the truststore", e);
    }
  }

  /** This CA's certificate as a PEM file, for clients configured with a CA file. */
  public Path caCertificatePem() {
    Path file = dir.resolve("ca-cert.pem");
    try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(Files.newBufferedWriter(file))) {
      writer.writeObject(caCertificate);
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the CA certificate", e);
    }
  }

  /** A TLS context that trusts this CA only. */
  public javax.net.ssl.SSLContext clientContext() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("dmarc-test-ca", caCertificate);
      javax.net.ssl.TrustManagerFactory trust =
          javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context for the test CA", e);
    }
  }

  /**
   * A PKCS12 keystore with a server key and a certificate this CA issued for {@code names} (host
   * names or IP literals).
   */
  public Path serverKeyStore(String alias, String... names) {
    try {
      KeyPair keys = rsa();
      X509v3CertificateBuilder builder =
          builder(
              new X500Name("CN=dmarc-pipeline test CA"), new X500Name("CN=" + names[0]), keys);
      GeneralName[] altNames = new GeneralName[names.length];
      for (int i = 0; i < names.length; i++) {
        altNames[i] =
            isIpLiteral(names[i])
                ? new GeneralName(GeneralName.iPAddress, names[i])
                : new GeneralName(GeneralName.dNSName, names[i]);
      }
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      X509Certificate certificate = sign(builder, caKeys);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          alias,
          keys.getPrivate(),
          STORE_PASSWORD.toCharArray(),
          new Certificate[] {certificate, caCertificate});
      Path file = dir.resolve(alias + "-keystore.p12");
      write(store, file);
      return file;
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a server certificate", e);
    }
  }

  /**
   * A server certificate for {@code names} and its key as PEM files ({@code prefix-cert.pem},
   * {@code prefix-key.pem}), for servers configured by file such as Dovecot.
   *
   * @return the certificate file; the key file is beside it
   */
  public Path serverPem(String prefix, String... names) {
    try {
      Path keyStore = serverKeyStore(prefix, names);
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (java.io.InputStream in = Files.newInputStream(keyStore)) {
        store.load(in, STORE_PASSWORD.toCharArray());
      }
      Path cert = dir.resolve(prefix + "-cert.pem");
      Path key = dir.resolve(prefix + "-key.pem");
      try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(Files.newBufferedWriter(cert))) {
        for (Certificate c : store.getCertificateChain(prefix)) {
          writer.writeObject(c);
        }
      }
      try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(Files.newBufferedWriter(key))) {
        writer.writeObject(store.getKey(prefix, STORE_PASSWORD.toCharArray()));
      }
      return cert;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot write PEM files", e);
    }
  }

  private static boolean isIpLiteral(String name) {
    return name.chars().allMatch(c -> Character.isDigit(c) || c == '.') || name.contains(":");
  }

  private static void write(KeyStore store, Path file) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, STORE_PASSWORD.toCharArray());
    }
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, new SecureRandom());
    return generator.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(30))),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws OperatorCreationException, GeneralSecurityException {
    ContentSigner contentSigner =
        new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
  }

}
