package org.dmarcpipeline.processor.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The saved objects in {@code docker/kibana/dmarc-dashboards.ndjson}, read the way the tests need them. */
final class KibanaSavedObjects {

  static final Path FILE = Path.of("..", "docker", "kibana", "dmarc-dashboards.ndjson");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A field name in front of the colon of a KQL clause, e.g. {@code dmarc_result : "fail"}. */
  private static final Pattern KQL_FIELD = Pattern.compile("([A-Za-z_@][\\w.@]*)\\s*:");

  /** A Lens column that reads a field of a data view. */
  record FieldUse(String panel, String dataView, String field, String operation, String dataType) {}

  /** A field named in a panel's query or a column's filter. */
  record QueryField(String panel, String dataView, String field) {}

  final List<JsonNode> objects;

  private KibanaSavedObjects(List<JsonNode> objects) {
    this.objects = objects;
  }

  static KibanaSavedObjects read() throws IOException {
    List<JsonNode> objects = new ArrayList<>();
    for (String line : Files.readAllLines(FILE)) {
      if (!line.isBlank()) {
        objects.add(JSON.readTree(line));
      }
    }
    return new KibanaSavedObjects(objects);
  }

  List<JsonNode> ofType(String type) {
    return objects.stream().filter(o -> o.path("type").asText().equals(type)).toList();
  }

  /** Data view id to the index pattern it searches. */
  Map<String, String> dataViewTitles() {
    Map<String, String> titles = new LinkedHashMap<>();
    for (JsonNode view : ofType("index-pattern")) {
      titles.put(view.path("id").asText(), view.path("attributes").path("title").asText());
    }
    return titles;
  }

  List<FieldUse> fieldUses() {
    List<FieldUse> uses = new ArrayList<>();
    for (JsonNode lens : ofType("lens")) {
      String title = lens.path("attributes").path("title").asText();
      JsonNode layers = lens.path("attributes").path("state").path("datasourceStates").path("formBased").path("layers");
      for (Map.Entry<String, JsonNode> layer : layers.properties()) {
        String view = dataViewOf(lens, layer.getKey());
        for (JsonNode column : layer.getValue().path("columns")) {
          String field = column.path("sourceField").asText();
          if (!field.equals("___records___")) {
            uses.add(new FieldUse(title, view, field, column.path("operationType").asText(), column.path("dataType").asText()));
          }
        }
      }
    }
    return uses;
  }

  List<QueryField> queryFields() {
    List<QueryField> fields = new ArrayList<>();
    for (JsonNode lens : ofType("lens")) {
      String title = lens.path("attributes").path("title").asText();
      JsonNode state = lens.path("attributes").path("state");
      String view = dataViewOf(lens, "layer");
      List<String> queries = new ArrayList<>();
      queries.add(state.path("query").path("query").asText());
      for (JsonNode layer : state.path("datasourceStates").path("formBased").path("layers")) {
        for (JsonNode column : layer.path("columns")) {
          queries.add(column.path("filter").path("query").asText());
        }
      }
      for (String query : queries) {
        Matcher m = KQL_FIELD.matcher(query);
        while (m.find()) {
          fields.add(new QueryField(title, view, m.group(1)));
        }
      }
    }
    return fields;
  }

  static String dataViewOf(JsonNode lens, String layerId) {
    for (JsonNode reference : lens.path("references")) {
      if (reference.path("name").asText().equals("indexpattern-datasource-layer-" + layerId)
          && reference.path("type").asText().equals("index-pattern")) {
        return reference.path("id").asText();
      }
    }
    return "";
  }
}
