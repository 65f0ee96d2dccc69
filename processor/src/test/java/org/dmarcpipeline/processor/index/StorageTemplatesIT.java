package org.dmarcpipeline.processor.index;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch.indices.IndexState;
import java.io.StringReader;
import java.util.Map;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.schema.index.StorageTemplates;
import org.dmarcpipeline.testing.services.LocalStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The component and index templates on the real Elasticsearch. */
class StorageTemplatesIT {

  private ElasticsearchClient es;

  @BeforeEach
  void connect() {
    es = ElasticsearchClients.create(ElasticsearchConnection.local(LocalStack.elasticsearch().url()));
  }

  @AfterEach
  void close() throws Exception {
    es.indices().delete(d -> d.index("dmarc-*-2031.*").allowNoIndices(true).ignoreUnavailable(true));
    if (es.cluster().existsComponentTemplate(e -> e.name("dmarc-records@custom")).value()) {
      es.cluster().deleteComponentTemplate(d -> d.name("dmarc-records@custom"));
    }
    es.close();
  }

  @Test
  void templatesShouldInstallTwiceAndComposeTheirComponents() throws Exception {
    IndexTemplates.install(es);
    IndexTemplates.install(es);

    for (StorageTemplates.Template component : StorageTemplates.COMPONENTS) {
      assertThat(es.cluster().existsComponentTemplate(e -> e.name(component.name())).value()).as(component.name()).isTrue();
    }
    var created = createIndex("dmarc-records-2031.01");
    Map<String, Property> fields = created.mappings().properties();
    assertThat(fields).containsKeys("policy_published", "spf_now", "dkim_keys", "alignment", "source", "count").doesNotContainKey("dmarc_now");
    assertThat(fields.get("source").object().properties().get("ip").isIp()).isTrue();
    assertThat(created.settings().index().numberOfReplicas()).isEqualTo("0");
    assertThat(created.aliases()).containsKey("dmarc-records");
    assertThat(createIndex("dmarc-reports-2031.01").mappings().properties()).containsKeys("policy_published", "dmarc_now");
  }

  @Test
  void customComponentShouldOverrideOurSettingsAndSurviveARestart() throws Exception {
    IndexTemplates.install(es);
    es.cluster().putComponentTemplate(c -> c.name("dmarc-records@custom")
        .withJson(new StringReader("{\"template\":{\"settings\":{\"refresh_interval\":\"7s\"}}}")));

    IndexTemplates.install(es);

    assertThat(createIndex("dmarc-records-2031.02").settings().index().refreshInterval().time()).isEqualTo("7s");
    assertThat(createIndex("dmarc-reports-2031.02").settings().index().refreshInterval().time()).isEqualTo("1s");
  }

  @Test
  void monthlyIndexOfAnEarlierReleaseShouldTakeNewFieldsAtStartUp() throws Exception {
    // this month's index as an earlier release made it: strict, without the fields added since
    es.indices().deleteIndexTemplate(d -> d.name("dmarc-records"));
    es.indices().create(c -> c.index("dmarc-records-2031.03").withJson(new StringReader(
        "{\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"count\":{\"type\":\"long\"},"
            + "\"alignment\":{\"properties\":{\"dkim_disagrees\":{\"type\":\"boolean\"}}}}}}")));

    IndexTemplates.install(es);

    es.index(i -> i.index("dmarc-records-2031.03").id("row").refresh(co.elastic.clients.elasticsearch._types.Refresh.True)
        .withJson(new StringReader("{\"count\":3,\"alignment\":{\"disagrees\":[\"dkim\"]},\"dkim_keys\":[{\"location\":\"s1._domainkey.example.com\",\"status\":\"short\"}]}")));
    Map<String, Property> alignment =
        es.indices().get(g -> g.index("dmarc-records-2031.03")).get("dmarc-records-2031.03").mappings().properties().get("alignment").object().properties();
    assertThat(alignment.get("disagrees").isKeyword()).isTrue();
    assertThat(alignment.get("dkim_disagrees").isBoolean()).as("fields no longer written stay mapped").isTrue();
  }

  @Test
  void monthlyIndexWhoseFieldChangedTypeShouldKeepItsMappingWithoutStoppingStartUp() throws Exception {
    es.indices().deleteIndexTemplate(d -> d.name("dmarc-records"));
    es.indices().create(c -> c.index("dmarc-records-2031.04").withJson(new StringReader(
        "{\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"count\":{\"type\":\"keyword\"}}}}")));

    IndexTemplates.install(es);

    Map<String, Property> fields = es.indices().get(g -> g.index("dmarc-records-2031.04")).get("dmarc-records-2031.04").mappings().properties();
    assertThat(fields.get("count").isKeyword()).isTrue();
    assertThat(es.indices().existsIndexTemplate(e -> e.name("dmarc-records")).value()).isTrue();
  }

  /** Indices in a year no test data uses, so what they get comes from the templates alone. */
  private IndexState createIndex(String name) throws Exception {
    es.indices().create(c -> c.index(name));
    return es.indices().get(g -> g.index(name)).get(name);
  }
}
