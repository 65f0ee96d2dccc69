package org.dmarcpipeline.processor.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import org.dmarcpipeline.schema.index.StorageTemplates;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Installs the templates that {@code schema} ships; safe to repeat at every start. */
public final class IndexTemplates {

  private static final Logger LOG = LoggerFactory.getLogger(IndexTemplates.class);

  private IndexTemplates() {}

  public static void install(ElasticsearchClient client) throws IOException {
    // each component read once: installed here, its fields composed into existing indices below
    Map<String, JsonNode> components = new HashMap<>();
    for (StorageTemplates.Template component : StorageTemplates.COMPONENTS) {
      byte[] body;
      try (InputStream in = component.body()) {
        body = in.readAllBytes();
      }
      client.cluster().putComponentTemplate(r -> r.name(component.name()).withJson(new ByteArrayInputStream(body)));
      components.put(component.name(), DmarcJson.mapper().readTree(body));
    }
    for (StorageTemplates.Template template : StorageTemplates.INDEX_TEMPLATES) {
      byte[] body;
      try (InputStream in = template.body()) {
        body = in.readAllBytes();
      }
      client.indices().putIndexTemplate(r -> r.name(template.name()).withJson(new ByteArrayInputStream(body)));
      addNewFieldsToExistingIndices(client, DmarcJson.mapper().readTree(body), components);
    }
  }

  /**
   * Fields added in a new release must reach the indices that already exist, or their strict
   * mapping refuses every document that has them: the long-lived ones (alerts, dead letters, report
   * keys) and the monthly records and reports, which hold this month's rows and a backlog's old
   * ones. Adding is all this does; fields a release stops writing stay mapped, unused. A changed
   * type fails here, loudly, at start-up for a long-lived index; a monthly index that refuses keeps
   * its mapping with a warning, so that one odd old month does not stop the processor.
   */
  private static void addNewFieldsToExistingIndices(ElasticsearchClient client, JsonNode body, Map<String, JsonNode> components)
      throws IOException {
    String mapping = "{\"properties\":" + composedProperties(body, components) + "}";
    for (JsonNode pattern : body.path("index_patterns")) {
      boolean monthly = pattern.asText().contains("*");
      var existing = client.indices().get(g -> g.index(pattern.asText()).allowNoIndices(true).ignoreUnavailable(true)).indices().keySet();
      for (String index : existing) {
        try {
          client.indices().putMapping(m -> m.index(index).withJson(new StringReader(mapping)));
        } catch (ElasticsearchException refused) {
          if (!monthly) {
            throw refused;
          }
          LOG.warn("{} keeps its mapping, rows with fields it lacks will be refused: {}", index, refused.getMessage());
        }
      }
    }
  }

  /**
   * The fields indices get from a template: those of the components it is made of that we ship
   * (an operator's {@code @custom} ones are theirs to manage), then its own.
   */
  private static ObjectNode composedProperties(JsonNode template, Map<String, JsonNode> components) {
    ObjectNode properties = DmarcJson.mapper().createObjectNode();
    for (JsonNode name : template.path("composed_of")) {
      JsonNode component = components.get(name.asText());
      if (component != null && component.path("template").path("mappings").path("properties") instanceof ObjectNode fields) {
        properties.setAll(fields);
      }
    }
    if (template.path("template").path("mappings").path("properties") instanceof ObjectNode own) {
      properties.setAll(own);
    }
    return properties;
  }
}
