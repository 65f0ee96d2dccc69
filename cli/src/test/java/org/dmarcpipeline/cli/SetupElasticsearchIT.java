package org.dmarcpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.schema.index.DeadLetterIndex;
import org.dmarcpipeline.schema.index.StorageTemplates;
import org.dmarcpipeline.testing.services.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** bin/dmarc setup-elasticsearch, which the compose stack's setup service runs, against the real Elasticsearch. */
class SetupElasticsearchIT {

  @Test
  void setupShouldInstallEveryTemplateTheProcessorInstalls(@TempDir Path dir) throws Exception {
    String url = LocalStack.elasticsearch().url();
    Path config = Files.writeString(dir.resolve("processor.properties"), "dmarc.elasticsearch.url=" + url + "\n");
    try (ElasticsearchClient es = ElasticsearchClients.create(ElasticsearchConnection.local(url))) {
      // templates another test of this JVM installed must not count
      if (es.indices().existsIndexTemplate(e -> e.name(DeadLetterIndex.TEMPLATE_NAME)).value()) {
        es.indices().deleteIndexTemplate(d -> d.name(DeadLetterIndex.TEMPLATE_NAME));
      }

      StringWriter out = new StringWriter();
      int exit = new CommandLine(new DmarcCli()).setOut(new PrintWriter(out)).execute("setup-elasticsearch", "--config", config.toString());

      assertThat(exit).isZero();
      assertThat(out.toString()).contains(DeadLetterIndex.TEMPLATE_NAME);
      for (StorageTemplates.Template component : StorageTemplates.COMPONENTS) {
        assertThat(es.cluster().existsComponentTemplate(e -> e.name(component.name())).value()).as(component.name()).isTrue();
      }
      for (StorageTemplates.Template template : StorageTemplates.INDEX_TEMPLATES) {
        assertThat(es.indices().existsIndexTemplate(e -> e.name(template.name())).value()).as(template.name()).isTrue();
      }
    }
  }
}
