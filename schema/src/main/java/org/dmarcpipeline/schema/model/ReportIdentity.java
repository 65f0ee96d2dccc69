package org.dmarcpipeline.schema.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes two reports "the same report": reporter, report id, policy domain and period.
 *
 * <p>Message-ID is deliberately not part of it: it is chosen by whoever relays the mail. The same
 * report resent, or delivered to two mailboxes, has the same identity and so the same Kafka keys
 * and Elasticsearch ids.
 */
public record ReportIdentity(
    String orgName, String reportId, String policyDomain, long beginEpochSecond, long endEpochSecond) {

  static ReportIdentity of(ReportMetadata metadata, PolicyPublished policy) {
    return new ReportIdentity(
        metadata.orgName(),
        metadata.reportId(),
        policy.domain(),
        metadata.dateRange().begin().getEpochSecond(),
        metadata.dateRange().end().getEpochSecond());
  }

  /** Hex SHA-256 of the identity fields: the report's key in Kafka and Elasticsearch. */
  public String key() {
    return sha256Hex(
        String.join(
            "\n",
            orgName,
            reportId,
            policyDomain,
            Long.toString(beginEpochSecond),
            Long.toString(endEpochSecond)));
  }

  /**
   * Id of the record at {@code index} (0-based, document order) of this report.
   *
   * <p>The position, not the record's content, makes the id: two identical rows in one report are
   * two facts and must stay two documents.
   */
  public String recordId(int index) {
    return sha256Hex(key() + "\n" + index);
  }

  static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
