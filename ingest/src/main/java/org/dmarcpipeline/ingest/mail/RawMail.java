package org.dmarcpipeline.ingest.mail;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A report mail exactly as the server delivered it.
 *
 * @param mailbox name of the mailbox it came from
 * @param bytes the RFC 5322 message
 */
public record RawMail(String mailbox, byte[] bytes) {

  public RawMail {
    Objects.requireNonNull(mailbox, "mailbox");
    Objects.requireNonNull(bytes, "bytes");
  }

  /** Hex SHA-256 of the bytes: the key of the mail on the raw and dead-letter topics. */
  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
