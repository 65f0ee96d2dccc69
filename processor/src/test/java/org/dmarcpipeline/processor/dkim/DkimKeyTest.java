package org.dmarcpipeline.processor.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DkimKeyTest {

  static String rsaKey(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
  }

  @ParameterizedTest
  @CsvSource({"512, weak", "1024, short", "2048, ok"})
  void parseShouldMeasureRsaKeysAndJudgeTheirStrength(int bits, String strength) throws Exception {
    DkimKey key = DkimKey.parse("v=DKIM1; k=rsa; p=" + rsaKey(bits));

    assertThat(key.status().word()).isEqualTo("present");
    assertThat(key.bits()).isEqualTo(bits);
    assertThat(key.strength() == null ? null : key.strength().word()).isEqualTo(strength);
  }

  @Test
  void parseShouldReadABarePkcs1RsaKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
    byte[] spki = key.getEncoded();
    // SubjectPublicKeyInfo of RSA wraps PKCS#1 after a 22-byte header for keys of this size
    byte[] pkcs1 = java.util.Arrays.copyOfRange(spki, spki.length - (spki.length - 22), spki.length);

    assertThat(DkimKey.parse("p=" + Base64.getEncoder().encodeToString(pkcs1)).bits()).isEqualTo(1024);
  }

  @Test
  void parseShouldSayRevokedWhenPIsEmpty() {
    assertThat(DkimKey.parse("v=DKIM1; p=").status().word()).isEqualTo("revoked");
  }

  @Test
  void parseShouldReadEd25519AndTheTestingFlag() {
    String key = Base64.getEncoder().encodeToString(new byte[32]);

    DkimKey parsed = DkimKey.parse("v=DKIM1; k=ed25519; t=y; p=" + key);

    assertThat(parsed.keyType()).isEqualTo("ed25519");
    assertThat(parsed.status().word()).isEqualTo("present");
    assertThat(parsed.testing()).isTrue();
  }

  @Test
  void parseShouldSayInvalidWhenTheKeyIsGarbage() {
    assertThat(DkimKey.parse("v=DKIM1; p=bm90IGEga2V5").status().word()).isEqualTo("invalid");
  }
}
