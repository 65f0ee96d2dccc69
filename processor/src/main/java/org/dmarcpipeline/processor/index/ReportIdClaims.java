package org.dmarcpipeline.processor.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.dmarcpipeline.schema.index.ReportIndex;
import org.dmarcpipeline.schema.record.ReportSummary;

/**
 * Tells whether a report reuses the identity of another: the first fingerprint seen for a report
 * key is claimed with a create-only write; a later report with the same key and another
 * fingerprint is flagged (both are kept). The create and the GET after a refused create are
 * realtime, so versions arriving a second apart are still told apart.
 */
public final class ReportIdClaims {

  private final ElasticsearchClient client;

  public ReportIdClaims(ElasticsearchClient client) {
    this.client = client;
  }

  /**
   * @return true when a report with the same key but a different fingerprint came first
   * @throws IOException when Elasticsearch cannot be asked (transient)
   */
  public boolean reused(ReportSummary summary) throws IOException {
    // The claim is tried first: for a report seen for the first time, the common case on the
    // processor's consumer thread, that is one request instead of a read and then a write.
    try {
      client.create(
          c -> c.index(ReportIndex.KEYS_INDEX)
              .id(summary.reportKey())
              .document(
                  Map.of(
                      "fingerprint", summary.reportFingerprint(),
                      "org_name", summary.reportMetadata().orgName(),
                      "report_id", summary.reportMetadata().reportId(),
                      "domain", summary.policyPublished().domain(),
                      "first_seen", Instant.now().toString())));
      return false;
    } catch (ElasticsearchException e) {
      if (e.status() != 409) {
        throw e;
      }
    }
    // claimed before, by this report (a replay) or another with the same key
    String first = firstFingerprint(summary.reportKey());
    return first != null && !first.equals(summary.reportFingerprint());
  }

  private String firstFingerprint(String key) throws IOException {
    co.elastic.clients.elasticsearch.core.GetResponse<Map> response;
    try {
      response = client.get(g -> g.index(ReportIndex.KEYS_INDEX).id(key).realtime(true), Map.class);
    } catch (ElasticsearchException e) {
      if (e.status() == 404) {
        return null; // the index was deleted since the claim was refused: nothing to compare with
      }
      throw e;
    }
    if (!response.found() || response.source() == null) {
      return null;
    }
    return (String) response.source().get("fingerprint");
  }
}
