package org.dmarcpipeline.schema.model;


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
   * Id of one version of this report: the same report resent has the same fingerprint and so the
   * same id; another report reusing the identity gets its own id and is kept beside the first.
   */
  public String versionId(String fingerprint) {
    return ids(fingerprint).versionId();
  }

  /**
   * Id of the record at {@code index} (0-based, document order) of the report version with {@code
   * fingerprint}.
   *
   * <p>The position, not the record's content, makes the id: two identical rows in one report are
   * two facts and must stay two documents.
   */
  public String recordId(String fingerprint, int index) {
    return ids(fingerprint).recordId(index);
  }

  /** The key and version id of the report version with {@code fingerprint}, for all its records. */
  public Ids ids(String fingerprint) {
    String key = key();
    return new Ids(key, sha256Hex(key + "\n" + fingerprint));
  }

  /** A report version's key and id, computed once for all of its records. */
  public record Ids(String key, String versionId) {
    /** See {@link ReportIdentity#recordId(String, int)}. */
    public String recordId(int index) {
      return sha256Hex(versionId + "\n" + index);
    }
  }

  static String sha256Hex(String text) {
    return org.dmarcpipeline.schema.fingerprint.Sha256.hex(text);
  }

}
