package org.dmarcpipeline.cli.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import org.dmarcpipeline.schema.index.RecordIndex;

/** The row indices every measurement fills: counted while a run drains, emptied between measurements. */
final class RecordIndices {

  private RecordIndices() {}

  static void deleteAll(ElasticsearchClient es) throws IOException {
    es.indices().delete(d -> d.index(RecordIndex.INDEX_PREFIX + "*").allowNoIndices(true).ignoreUnavailable(true));
  }

  /** Rows searchable now; 0 while the first index does not exist yet. */
  static long count(ElasticsearchClient es) {
    try {
      return es.count(c -> c.index(RecordIndex.ALIAS).allowNoIndices(true).ignoreUnavailable(true)).count();
    } catch (Exception notYet) {
      return 0;
    }
  }
}
