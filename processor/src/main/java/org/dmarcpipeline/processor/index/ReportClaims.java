package org.dmarcpipeline.processor.index;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dmarcpipeline.schema.record.ReportSummary;

/** Tells whether reports reuse the identity of another; {@link ReportIdClaims} asks Elasticsearch. */
@FunctionalInterface
public interface ReportClaims {

  /**
   * Claims the summaries' report keys after every claim asked before; to be called from one
   * thread.
   *
   * @return one answer per summary, in their order. Completes exceptionally when the claims could
   *     not be asked at all (transient).
   */
  CompletableFuture<List<ReportIdClaims.Answer>> reused(List<ReportSummary> summaries);
}
