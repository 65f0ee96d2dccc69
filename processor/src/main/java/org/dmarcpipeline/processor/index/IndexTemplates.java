package org.dmarcpipeline.processor.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import org.dmarcpipeline.schema.index.StorageTemplates;
import org.dmarcpipeline.schema.json.DmarcJson;

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
      byte[] body;
      try (InputStream in = template.body()) {
        body = in.readAllBytes();
      }
      client.indices().putIndexTemplate(r -> r.name(template.name()).withJson(new ByteArrayInputStream(body)));
      addNewFieldsToLongLivedIndex(client, DmarcJson.mapper().readTree(body));
    }
  }

  /**
   * A template names one concrete index (alerts, dead letters, report keys) that lives for ever;
   * fields added in a new release must reach it too, or its strict mapping refuses them. Adding is
   * all this does: a changed type fails here, loudly, at start-up. Monthly indices get new fields
   * with the next month's index.
   */
  private static void addNewFieldsToLongLivedIndex(ElasticsearchClient client, JsonNode body) throws IOException {
    for (JsonNode pattern : body.path("index_patterns")) {
      String index = pattern.asText();
      if (index.contains("*") || !client.indices().exists(e -> e.index(index)).value()) {
        continue;
      }
      String properties = "{\"properties\":" + body.path("template").path("mappings").path("properties") + "}";
      client.indices().putMapping(m -> m.index(index).withJson(new StringReader(properties)));
    }
  }
}
