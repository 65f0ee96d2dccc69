package org.dmarcpipeline.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmarc summary}: the state of your domains in one table, from Elasticsearch. */
@Command(
    name = "summary",
    description = {
      "Print per policy domain: messages, DMARC pass %, SPF and DKIM aligned %, and the top failing",
      "sources with their service names, from Elasticsearch (dmarc.elasticsearch.* from --config or",
      "DMARC_ELASTICSEARCH_URL)."
    })
final class SummaryCommand implements Callable<Integer> {

  @Option(names = "--domain", description = "only this policy domain")
  String domain;

  @Option(names = "--since", defaultValue = "7d", description = "reports that began this long ago or later: 24h, 7d, 30d or all (default ${DEFAULT-VALUE})")
  String since;

  @Option(names = "--config", description = "properties file (see docs/configuration.md)")
  Path config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ElasticsearchConnection connection = StageRunner.elasticsearch(config);
    Instant from;
    try {
      from = since(since, Instant.now());
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    try (ElasticsearchClient es = ElasticsearchClients.create(connection)) {
      List<SummaryTable.Line> lines = SummaryTable.read(es, domain, from);
      if (lines.isEmpty()) {
        spec.commandLine().getOut().println("no report rows" + (domain == null ? "" : " for " + domain) + " since " + (from == null ? "ever" : from));
        return 0;
      }
      SummaryTable.print(lines, spec.commandLine().getOut());
    }
    return 0;
  }

  /** {@code 24h}, {@code 7d} or {@code all} (null). */
  static Instant since(String text, Instant now) {
    String lower = text.strip().toLowerCase(Locale.ROOT);
    if (lower.equals("all")) {
      return null;
    }
    if (lower.matches("\\d+[hd]")) {
      long amount = Long.parseLong(lower.substring(0, lower.length() - 1));
      return now.minus(lower.endsWith("h") ? Duration.ofHours(amount) : Duration.ofDays(amount));
    }
    throw new IllegalArgumentException("--since takes 24h, 7d, 30d or all, not " + text);
  }
}
