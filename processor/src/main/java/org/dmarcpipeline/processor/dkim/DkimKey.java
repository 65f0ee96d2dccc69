package org.dmarcpipeline.processor.dkim;

import org.dmarcpipeline.schema.index.KeyStrength;
import org.dmarcpipeline.schema.index.KeyStatus;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code selector._domainkey.domain} publishes now (RFC 6376 3.6.1).
 *
 * @param status never null
 * @param keyType {@code rsa} or {@code ed25519}, nullable
 * @param bits key size for RSA (256 for Ed25519), 0 when unknown
 * @param strength of a present key; null for any other
 * @param testing {@code t=y}
 */
public record DkimKey(KeyStatus status, String keyType, int bits, KeyStrength strength, boolean testing) {

  public static DkimKey absent() {
    return new DkimKey(KeyStatus.ABSENT, null, 0, null, false);
  }

  public static DkimKey of(KeyStatus status) {
    return new DkimKey(status, null, 0, null, false);
  }

  /** Parses a key record's text; never throws. */
  public static DkimKey parse(String text) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String part : text.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        tags.putIfAbsent(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).replaceAll("\\s+", ""));
      }
    }
    boolean testing = tags.getOrDefault("t", "").toLowerCase(Locale.ROOT).contains("y");
    String keyType = tags.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
    if (tags.containsKey("v") && !"DKIM1".equals(tags.get("v"))) {
      return new DkimKey(KeyStatus.INVALID, keyType, 0, null, testing);
    }
    String p = tags.get("p");
    if (p == null) {
      return new DkimKey(KeyStatus.INVALID, keyType, 0, null, testing);
    }
    if (p.isEmpty()) {
      return new DkimKey(KeyStatus.REVOKED, keyType, 0, null, testing);
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(p);
    } catch (IllegalArgumentException e) {
      return new DkimKey(KeyStatus.INVALID, keyType, 0, null, testing);
    }
    if (keyType.equals("ed25519")) {
      return new DkimKey(der.length == 32 ? KeyStatus.PRESENT : KeyStatus.INVALID, keyType, 256, KeyStrength.OK, testing);
    }
    int bits = rsaBits(der);
    if (bits == 0) {
      return new DkimKey(KeyStatus.INVALID, keyType, 0, null, testing);
    }
    return new DkimKey(KeyStatus.PRESENT, keyType, bits, KeyStrength.ofRsaBits(bits), testing);
  }

  /** SubjectPublicKeyInfo (what everyone publishes) or a bare PKCS#1 RSAPublicKey. */
  private static int rsaBits(byte[] der) {
    try {
      RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
      return key.getModulus().bitLength();
    } catch (Exception notSpki) {
      return pkcs1ModulusBits(der);
    }
  }

  /** SEQUENCE { INTEGER modulus, INTEGER exponent }: only the modulus length is needed. */
  private static int pkcs1ModulusBits(byte[] der) {
    try {
      int[] at = {0};
      if ((der[at[0]++] & 0xff) != 0x30) {
        return 0;
      }
      length(der, at);
      if ((der[at[0]++] & 0xff) != 0x02) {
        return 0;
      }
      int length = length(der, at);
      byte[] modulus = java.util.Arrays.copyOfRange(der, at[0], at[0] + length);
      return new BigInteger(1, modulus).bitLength();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static int length(byte[] der, int[] at) {
    int first = der[at[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      length = (length << 8) | (der[at[0]++] & 0xff);
    }
    return length;
  }
}
