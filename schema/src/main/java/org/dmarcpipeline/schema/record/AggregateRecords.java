package org.dmarcpipeline.schema.record;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.model.ReportIdentity;

/** Splits a parsed report into the records published on the records topic. */
public final class AggregateRecords {

  private AggregateRecords() {}

  public static List<AggregateRecord> of(AggregateReport report) {
    ReportIdentity identity = report.identity();
    String key = identity.key();
    String fingerprint = fingerprint(report);
    return report.records().stream()
        .map(
            record ->
                new AggregateRecord(
                    identity.recordId(record.index()),
                    key,
                    fingerprint,
                    report.namespace(),
                    report.version(),
                    report.reportMetadata(),
                    report.policyPublished(),
                    record,
                    report.warnings().size()))
        .toList();
  }

  /**
   * SHA-256 over the normalized report (metadata, policy, records, not warnings): the same report
   * re-zipped or re-sent keeps its fingerprint, an edited one does not.
   */
  public static String fingerprint(AggregateReport report) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(DmarcJson.encode(report.reportMetadata()));
      digest.update(DmarcJson.encode(report.policyPublished()));
      for (var record : report.records()) {
        digest.update(DmarcJson.encode(record));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
