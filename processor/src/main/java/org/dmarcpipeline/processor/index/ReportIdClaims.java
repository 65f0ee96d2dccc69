package org.dmarcpipeline.processor.index;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dmarcpipeline.schema.index.ReportIndex;
import org.dmarcpipeline.schema.record.ReportSummary;

/**
 * Tells whether a report reuses the identity of another: the first fingerprint seen for a report
 * key is claimed with a create-only write; a later report with the same key and another
 * fingerprint is flagged (both are kept). The creates and the read after a refused create are
 * realtime, so versions arriving a second apart are still told apart.
 *
 * <p>The reports of one poll are claimed together, in one bulk request and at most one multi-get:
 * a request per report cost Elasticsearch a small request each (docs/performance.md). The claims
 * are asked without waiting: the consumer thread used to wait for each poll's claims, queued in
 * Elasticsearch behind the row bulks in flight, and built no bulk meanwhile, so Elasticsearch
 * idled after them. One claim request at a time, in the order asked, so that of two versions of a
 * report the first to come is the one that claims the key.
 */
public final class ReportIdClaims implements ReportClaims {

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

  private final ElasticsearchAsyncClient client;
  /** The last claim request asked; the next one starts when it is over, however it ended. */
  private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

  public ReportIdClaims(ElasticsearchClient client) {
    this.client = new ElasticsearchAsyncClient(client._transport(), client._transportOptions());
  }

  /**
   * Claims the summaries' report keys after every claim asked before; to be called from one
   * thread.
   *
   * @return one answer per summary, in their order; within the list, a key claimed by an earlier
   *     summary counts as claimed before, as if they had come one by one. Completes exceptionally
   *     when Elasticsearch could not be asked at all (transient).
   */
  @Override
  public CompletableFuture<List<Answer>> reused(List<ReportSummary> summaries) {
    if (summaries.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    CompletableFuture<List<Answer>> answers = last.handle((ignored, failure) -> null).thenCompose(ignored -> create(summaries));
    last = answers;
    return answers;
  }

  private CompletableFuture<List<Answer>> create(List<ReportSummary> summaries) {
    return client.bulk(b -> {
      for (ReportSummary summary : summaries) {
        b.operations(op -> op.create(c -> c.index(ReportIndex.KEYS_INDEX).id(summary.reportKey()).document(claim(summary))));
      }
      return b;
    }).thenCompose(created -> answers(summaries, created));
  }

  private CompletableFuture<List<Answer>> answers(List<ReportSummary> summaries, BulkResponse created) {
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
    if (claimedBefore.isEmpty()) {
      return CompletableFuture.completedFuture(answers);
    }
    List<String> keys = claimedBefore.stream().map(i -> summaries.get(i).reportKey()).toList();
    return client.mget(m -> m.index(ReportIndex.KEYS_INDEX).ids(keys).realtime(true), Map.class).thenApply(first -> {
      for (int k = 0; k < claimedBefore.size(); k++) {
        int i = claimedBefore.get(k);
        answers.set(i, compare(summaries.get(i), first.docs().get(k)));
      }
      return answers;
    });
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
