package org.dmarcpipeline.processor.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.InputStream;
import org.dmarcpipeline.schema.index.AlertIndex;
import org.dmarcpipeline.schema.index.DeadLetterIndex;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.index.ReportIndex;

/** Installs the index templates that {@code schema} ships; safe to repeat at every start. */
public final class IndexTemplates {

  private IndexTemplates() {}

  public static void install(ElasticsearchClient client) throws IOException {
    try (InputStream template = RecordIndex.template()) {
      client.indices().putIndexTemplate(r -> r.name(RecordIndex.TEMPLATE_NAME).withJson(template));
    }
    try (InputStream template = ReportIndex.template()) {
      client.indices().putIndexTemplate(r -> r.name(ReportIndex.TEMPLATE_NAME).withJson(template));
    }
    try (InputStream template = AlertIndex.template()) {
      client.indices().putIndexTemplate(r -> r.name(AlertIndex.TEMPLATE_NAME).withJson(template));
    }
    try (InputStream template = DeadLetterIndex.template()) {
      client.indices().putIndexTemplate(r -> r.name(DeadLetterIndex.TEMPLATE_NAME).withJson(template));
    }
    try (InputStream template = ReportIndex.keysTemplate()) {
      client.indices().putIndexTemplate(r -> r.name(ReportIndex.KEYS_TEMPLATE_NAME).withJson(template));
    }
  }
}
