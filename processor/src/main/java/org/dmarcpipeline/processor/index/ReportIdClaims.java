package org.dmarcpipeline.processor.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmarcpipeline.schema.index.ReportIndex;
import org.dmarcpipeline.schema.record.ReportSummary;

/**
 * Tells whether a report reuses the identity of another: the first fingerprint seen for a report
 * key is claimed with a create-only write; a later report with the same key and another
 * fingerprint is flagged (both are kept). The creates and the read after a refused create are
 * realtime, so versions arriving a second apart are still told apart.
 *
 * <p>The reports of one poll are claimed together, in one bulk request and at most one multi-get:
 * a request per report, on the consumer thread, left it waiting for Elasticsearch once per report
 * and cost Elasticsearch a small request each (docs/performance.md).
 */
public final class ReportIdClaims {

  /** What a claim told about one report: reused or not, or why it could not be told (transient). */
  public record Answer(boolean reused, String failure) {
    static final Answer FIRST = new Answer(false, null);

    static Answer failed(String reason) {
      return new Answer(false, reason);
    }

    public boolean failed() {
      return failure != null;
    }
  }

  private final ElasticsearchClient client;

  public ReportIdClaims(ElasticsearchClient client) {
    this.client = client;
  }

  /**
   * @return one answer per summary, in their order; within the list, a key claimed by an earlier
   *     summary counts as claimed before, as if they had come one by one
   * @throws IOException when Elasticsearch cannot be asked at all (transient)
   */
  public List<Answer> reused(List<ReportSummary> summaries) throws IOException {
    if (summaries.isEmpty()) {
      return List.of();
    }
    BulkResponse created = client.bulk(b -> {
      for (ReportSummary summary : summaries) {
        b.operations(op -> op.create(c -> c.index(ReportIndex.KEYS_INDEX).id(summary.reportKey()).document(claim(summary))));
      }
      return b;
    });
    List<Answer> answers = new ArrayList<>(summaries.size());
    List<Integer> claimedBefore = new ArrayList<>();
    for (int i = 0; i < summaries.size(); i++) {
      BulkResponseItem item = created.items().get(i);
      if (item.error() == null) {
        answers.add(Answer.FIRST);
      } else if (item.status() == 409) {
        answers.add(null); // claimed before, by this report (a replay) or another with the same key
        claimedBefore.add(i);
      } else {
        answers.add(Answer.failed("claim refused: " + item.error().type() + ": " + item.error().reason()));
      }
    }
    if (!claimedBefore.isEmpty()) {
      List<String> keys = claimedBefore.stream().map(i -> summaries.get(i).reportKey()).toList();
      MgetResponse<Map> first = client.mget(m -> m.index(ReportIndex.KEYS_INDEX).ids(keys).realtime(true), Map.class);
      for (int k = 0; k < claimedBefore.size(); k++) {
        int i = claimedBefore.get(k);
        answers.set(i, compare(summaries.get(i), first.docs().get(k)));
      }
    }
    return answers;
  }

  private static Answer compare(ReportSummary summary, MultiGetResponseItem<Map> first) {
    if (first.isFailure()) {
      return Answer.failed("claim unreadable: " + first.failure().error().reason());
    }
    // not found: the index was deleted since the claim was refused, nothing to compare with
    Map<?, ?> source = first.result().found() ? first.result().source() : null;
    Object fingerprint = source == null ? null : source.get("fingerprint");
    return new Answer(fingerprint != null && !fingerprint.equals(summary.reportFingerprint()), null);
  }

  private static Map<String, String> claim(ReportSummary summary) {
    return Map.of(
        "fingerprint", summary.reportFingerprint(),
        "org_name", summary.reportMetadata().orgName(),
        "report_id", summary.reportMetadata().reportId(),
        "domain", summary.policyPublished().domain(),
        "first_seen", Instant.now().toString());
  }
}
