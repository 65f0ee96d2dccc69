package org.dmarcpipeline.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.processor.index.IndexTemplates;
import org.dmarcpipeline.schema.index.StorageTemplates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dmarc setup-elasticsearch}: the processor's own template installer, run on its own, so
 * that a deployment's setup (the compose stack's {@code setup} service) installs exactly what the
 * processor installs at every start, never a copy.
 */
@Command(
    name = "setup-elasticsearch",
    description = {
      "Install the index and component templates of the schema in Elasticsearch and add new fields to",
      "existing dmarc-* indices, as the processor does at every start (dmarc.elasticsearch.* from",
      "--config or DMARC_ELASTICSEARCH_URL). Safe to repeat."
    })
final class SetupElasticsearchCommand implements Callable<Integer> {

  @Option(names = "--config", description = "properties file (see docs/configuration.md)")
  Path config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ElasticsearchConnection connection = StageRunner.elasticsearch(config);
    try (ElasticsearchClient es = ElasticsearchClients.create(connection)) {
      IndexTemplates.install(es);
    }
    spec.commandLine().getOut().println("templates installed: "
        + String.join(", ", Stream.concat(StorageTemplates.COMPONENTS.stream(), StorageTemplates.INDEX_TEMPLATES.stream())
            .map(StorageTemplates.Template::name).toList()));
    return 0;
  }
}
