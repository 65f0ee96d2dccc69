package org.dmarcpipeline.processor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.FieldCapsResponse;
import co.elastic.clients.elasticsearch.core.field_caps.FieldCapability;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.processor.index.IndexTemplates;
import org.dmarcpipeline.testing.services.LocalStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dashboards and mappings cannot drift apart: every field a panel charts exists in the index the
 * templates create, with a type Kibana can aggregate the way the panel does. The real
 * Elasticsearch decides, through {@code _field_caps}, on indices created from the installed templates.
 */
class DashboardFieldsIT {

  /**
   * For each data view, an index made from the templates alone, in a year no other test writes:
   * other tests put deliberately wrong mappings under the same aliases, which must not count here.
   */
  private static final Map<String, String> INDEX_OF_VIEW =
      Map.of(
          "dmarc-records", "dmarc-records-2032.01",
          "dmarc-reports", "dmarc-reports-2032.01",
          "dmarc-alerts", "dmarc-alerts",
          "dmarc-dead-letters", "dmarc-dead-letters");

  private static final Map<String, Set<String>> TYPES_FOR_DATA_TYPE =
      Map.of(
          "string", Set.of("keyword"),
          "ip", Set.of("ip"),
          "date", Set.of("date"),
          "number", Set.of("long", "integer", "short", "byte", "double", "float"),
          "boolean", Set.of("boolean"));

  private ElasticsearchClient es;

  @BeforeEach
  void installTemplates() throws Exception {
    es = ElasticsearchClients.create(ElasticsearchConnection.local(LocalStack.elasticsearch().url()));
    IndexTemplates.install(es);
    for (String index : INDEX_OF_VIEW.values()) {
      if (!es.indices().exists(e -> e.index(index)).value()) {
        es.indices().create(c -> c.index(index));
      }
    }
  }

  @AfterEach
  void close() throws Exception {
    es.indices().delete(d -> d.index("dmarc-records-2032.01", "dmarc-reports-2032.01").ignoreUnavailable(true));
    es.close();
  }

  @Test
  void everyFieldAPanelChartsShouldBeMappedAndAggregatable() throws Exception {
    KibanaSavedObjects saved = KibanaSavedObjects.read();
    Map<String, Map<String, Map<String, FieldCapability>>> capsByView = fieldCaps(saved);
    SoftAssertions softly = new SoftAssertions();
    assertThat(saved.fieldUses()).hasSizeGreaterThan(40);
    for (KibanaSavedObjects.FieldUse use : saved.fieldUses()) {
      Map<String, FieldCapability> caps = capsByView.get(use.dataView()).get(use.field());
      softly.assertThat(caps).as("%s: %s not mapped in %s", use.panel(), use.field(), use.dataView()).isNotNull();
      if (caps == null) {
        continue;
      }
      softly.assertThat(caps.keySet()).as("%s: %s has one type", use.panel(), use.field()).hasSize(1);
      Map.Entry<String, FieldCapability> only = caps.entrySet().iterator().next();
      softly.assertThat(only.getValue().aggregatable()).as("%s: %s aggregatable", use.panel(), use.field()).isTrue();
      String expected = use.operation().equals("unique_count") ? null : use.dataType();
      if (expected != null) {
        softly.assertThat(TYPES_FOR_DATA_TYPE.get(expected)).as("%s: %s is %s, panel says %s", use.panel(), use.field(), only.getKey(), expected)
            .contains(only.getKey());
      }
    }
    softly.assertAll();
  }

  @Test
  void everyFieldAPanelFiltersOnShouldBeSearchable() throws Exception {
    KibanaSavedObjects saved = KibanaSavedObjects.read();
    Map<String, Map<String, Map<String, FieldCapability>>> capsByView = fieldCaps(saved);
    SoftAssertions softly = new SoftAssertions();
    assertThat(saved.queryFields()).isNotEmpty();
    for (KibanaSavedObjects.QueryField use : saved.queryFields()) {
      Map<String, FieldCapability> caps = capsByView.get(use.dataView()).get(use.field());
      softly.assertThat(caps).as("%s: filter on %s not mapped in %s", use.panel(), use.field(), use.dataView()).isNotNull();
      if (caps != null) {
        softly.assertThat(caps.values()).allMatch(FieldCapability::searchable, use.field() + " searchable");
      }
    }
    softly.assertAll();
  }

  @Test
  void everyDataViewTimeFieldShouldBeADate() throws Exception {
    KibanaSavedObjects saved = KibanaSavedObjects.read();
    Map<String, Map<String, Map<String, FieldCapability>>> capsByView = fieldCaps(saved);
    for (var view : saved.ofType("index-pattern")) {
      String timeField = view.path("attributes").path("timeFieldName").asText();
      assertThat(capsByView.get(view.path("id").asText()).get(timeField)).as(view.path("id").asText() + " " + timeField).containsOnlyKeys("date");
    }
  }

  private Map<String, Map<String, Map<String, FieldCapability>>> fieldCaps(KibanaSavedObjects saved) throws Exception {
    Map<String, Map<String, Map<String, FieldCapability>>> byView = new HashMap<>();
    for (var view : saved.dataViewTitles().entrySet()) {
      String index = INDEX_OF_VIEW.get(view.getValue());
      assertThat(index).as("data view " + view.getKey()).isNotNull();
      // The data view's pattern must reach the index the templates made.
      if (!view.getValue().equals(index)) {
        var aliases = es.indices().resolveIndex(r -> r.name(view.getValue())).aliases();
        assertThat(aliases.stream().flatMap(a -> a.indices().stream()).toList()).as(view.getValue()).contains(index);
      }
      FieldCapsResponse response = es.fieldCaps(f -> f.index(index).fields("*"));
      byView.put(view.getKey(), response.fields());
    }
    return byView;
  }
}
