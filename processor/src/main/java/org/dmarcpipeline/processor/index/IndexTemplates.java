package org.dmarcpipeline.processor.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.InputStream;
import org.dmarcpipeline.schema.index.StorageTemplates;

/** Installs the templates that {@code schema} ships; safe to repeat at every start. */
public final class IndexTemplates {

  private IndexTemplates() {}

  public static void install(ElasticsearchClient client) throws IOException {
    for (StorageTemplates.Template component : StorageTemplates.COMPONENTS) {
      try (InputStream body = component.body()) {
        client.cluster().putComponentTemplate(r -> r.name(component.name()).withJson(body));
      }
    }
    for (StorageTemplates.Template template : StorageTemplates.INDEX_TEMPLATES) {
      try (InputStream body = template.body()) {
        client.indices().putIndexTemplate(r -> r.name(template.name()).withJson(body));
      }
    }
  }
}
