package org.dmarcpipeline.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.json.DmarcJson;

/** Elasticsearch's own counters, read before and after a measurement to tell what it did in between. */
final class ElasticsearchStats {

  private ElasticsearchStats() {}

  /**
   * Elasticsearch's count of the row documents it indexed and of the bulk requests the row
   * indices' shards took, from their index stats: their ratio says how full the bulk requests
   * were. Only the row indices: report summaries and report-id claims are small requests of their
   * own and would blur it.
   */
  record BulkCounters(long documents, long shardRequests) {
    static BulkCounters read(String url) throws IOException, InterruptedException {
      JsonNode primaries = stats(url, "/" + RecordIndex.ALIAS + "-*/_stats/indexing,bulk").path("_all").path("primaries");
      return new BulkCounters(primaries.path("indexing").path("index_total").asLong(), primaries.path("bulk").path("total_operations").asLong());
    }

    double documentsPerRequestSince(BulkCounters start) {
      long requests = shardRequests - start.shardRequests;
      return requests == 0 ? 0 : (documents - start.documents) / (double) requests;
    }
  }

  /**
   * What Elasticsearch did besides indexing documents, from its node stats: bulk requests split
   * into shard writes, refreshes and searches. Requests of a few documents each cost it nearly as
   * much as full ones (this found the processor's one request per report claim).
   */
  record NodeWork(long writeTasks, long refreshes, long refreshMillis, long searches) {
    static NodeWork read(String url) throws IOException, InterruptedException {
      JsonNode node = stats(url, "/_nodes/_local/stats/indices,thread_pool").path("nodes").elements().next();
      return new NodeWork(node.at("/thread_pool/write/completed").asLong(), node.at("/indices/refresh/total").asLong(),
          node.at("/indices/refresh/total_time_in_millis").asLong(), node.at("/indices/search/query_total").asLong());
    }

    String since(NodeWork start) {
      return "%,d / %,d (%,.1f s) / %,d".formatted(writeTasks - start.writeTasks, refreshes - start.refreshes,
          (refreshMillis - start.refreshMillis) / 1000.0, searches - start.searches);
    }
  }

  /** One of Elasticsearch's stats APIs, read over plain HTTP as a tree. */
  private static JsonNode stats(String url, String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    return DmarcJson.mapper().readTree(response.body());
  }
}
