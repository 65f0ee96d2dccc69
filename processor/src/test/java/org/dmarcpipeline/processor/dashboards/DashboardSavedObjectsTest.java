package org.dmarcpipeline.processor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ndjson has the shape Kibana's saved-objects import takes: one object per line with id, type,
 * attributes and references, and every reference points at an object in the same file, so an
 * import into an empty Kibana leaves no broken panel.
 */
class DashboardSavedObjectsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyObjectShouldHaveAnIdATypeATitleAndUniqueIds() throws Exception {
    KibanaSavedObjects saved = KibanaSavedObjects.read();
    Set<String> keys = new HashSet<>();
    for (JsonNode object : saved.objects) {
      assertThat(object.path("type").asText()).isIn("index-pattern", "lens", "dashboard");
      assertThat(object.path("id").asText()).isNotBlank();
      assertThat(object.path("attributes").path("title").asText()).as(object.path("id").asText()).isNotBlank();
      assertThat(object.path("references").isArray()).isTrue();
      assertThat(keys.add(object.path("type").asText() + ":" + object.path("id").asText())).as("duplicate " + object.path("id")).isTrue();
    }
    assertThat(saved.ofType("dashboard")).extracting(d -> d.path("attributes").path("title").asText())
        .contains("DMARC: Overview", "DMARC: Sources", "DMARC: Alignment", "DMARC: DNS health", "DMARC: Reporters", "DMARC: Alerts");
    assertThat(saved.dataViewTitles()).containsKeys("dmarc-records", "dmarc-reports", "dmarc-alerts", "dmarc-dead-letters");
  }

  @Test
  void everyReferenceShouldPointAtAnObjectInTheFile() throws Exception {
    KibanaSavedObjects saved = KibanaSavedObjects.read();
    Set<String> present = new HashSet<>();
    saved.objects.forEach(o -> present.add(o.path("type").asText() + ":" + o.path("id").asText()));
    for (JsonNode object : saved.objects) {
      for (JsonNode reference : object.path("references")) {
        assertThat(present).as("reference of " + object.path("id")).contains(reference.path("type").asText() + ":" + reference.path("id").asText());
      }
    }
  }

  @Test
  void everyDashboardPanelShouldResolveThroughItsReferenceName() throws Exception {
    for (JsonNode dashboard : KibanaSavedObjects.read().ofType("dashboard")) {
      JsonNode panels = JSON.readTree(dashboard.path("attributes").path("panelsJSON").asText());
      assertThat(panels.size()).isPositive();
      Set<String> names = new HashSet<>();
      dashboard.path("references").forEach(r -> names.add(r.path("name").asText()));
      for (JsonNode panel : panels) {
        assertThat(names).as(dashboard.path("id").asText()).contains(panel.path("panelIndex").asText() + ":" + panel.path("panelRefName").asText());
        assertThat(panel.path("gridData").path("w").asInt()).isBetween(1, 48);
      }
      JSON.readTree(dashboard.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());
    }
  }

  @Test
  void everyLensLayerShouldNameItsDataViewAndListItsColumns() throws Exception {
    KibanaSavedObjects saved = KibanaSavedObjects.read();
    for (JsonNode lens : saved.ofType("lens")) {
      JsonNode layers = lens.path("attributes").path("state").path("datasourceStates").path("formBased").path("layers");
      assertThat(layers.size()).as(lens.path("id").asText()).isPositive();
      layers.properties().forEach(layer -> {
        assertThat(saved.dataViewTitles()).containsKey(KibanaSavedObjects.dataViewOf(lens, layer.getKey()));
        List<String> order = JSON.convertValue(layer.getValue().path("columnOrder"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        Set<String> columns = new HashSet<>();
        layer.getValue().path("columns").fieldNames().forEachRemaining(columns::add);
        assertThat(Set.copyOf(order)).as(lens.path("id").asText()).isEqualTo(columns);
      });
    }
  }
}
