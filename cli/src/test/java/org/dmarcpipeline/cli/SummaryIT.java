package org.dmarcpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.processor.index.IndexTemplates;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.index.RecordDocument;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.model.DmarcResult;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.services.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** bin/dmarc summary against a known data set in the real Elasticsearch. */
class SummaryIT {

  @Test
  void summaryShouldPrintTheSharesComputedFromTheIndexedRows(@TempDir Path dir) throws Exception {
    List<AggregateRecord> rows = new ArrayList<>();
    ReportGenerator generator = new ReportGenerator(99);
    for (int i = 0; i < 3; i++) {
      GeneratedReport report = generator.next(40, 900 + i);
      String xml = new String(report.xml(), StandardCharsets.UTF_8).replace(report.policyDomain(), "summary.example");
      rows.addAll(AggregateRecords.of(new ReportParser().parse(xml.getBytes(StandardCharsets.UTF_8))));
    }
    long messages = rows.stream().mapToLong(r -> r.record().row().count()).sum();
    long passing = rows.stream().filter(r -> r.record().row().policyEvaluated().dmarcPass()).mapToLong(r -> r.record().row().count()).sum();
    long spf = rows.stream().filter(r -> r.record().row().policyEvaluated().spf() == DmarcResult.PASS).mapToLong(r -> r.record().row().count()).sum();
    long dkim = rows.stream().filter(r -> r.record().row().policyEvaluated().dkim() == DmarcResult.PASS).mapToLong(r -> r.record().row().count()).sum();

    String url = LocalStack.elasticsearch().url();
    try (ElasticsearchClient es = ElasticsearchClients.create(ElasticsearchConnection.local(url))) {
      IndexTemplates.install(es);
      es.bulk(b -> {
        for (AggregateRecord row : rows) {
          b.operations(op -> op.index(i -> i.index(RecordIndex.indexFor(row.reportMetadata().dateRange().begin())).id(row.id())
              .document(BinaryData.of(DmarcJson.encode(RecordDocument.of(row)), ContentType.APPLICATION_JSON))));
        }
        return b.refresh(co.elastic.clients.elasticsearch._types.Refresh.True);
      });
    }
    Path config = Files.writeString(dir.resolve("summary.properties"), "dmarc.elasticsearch.url=" + url + "\n");
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new DmarcCli());
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("summary", "--domain", "summary.example", "--since", "all", "--config", config.toString());

    assertThat(exit).isZero();
    String line = out.toString().lines().filter(l -> l.startsWith("summary.example")).findFirst().orElseThrow();
    assertThat(line).contains(Long.toString(messages))
        .contains(String.format("%.1f%%", 100.0 * passing / messages))
        .contains(String.format("%.1f%%", 100.0 * spf / messages))
        .contains(String.format("%.1f%%", 100.0 * dkim / messages));
    assertThat(SummaryCommand.since("7d", java.time.Instant.parse("2026-11-29T00:00:00Z")))
        .isEqualTo(java.time.Instant.parse("2026-11-22T00:00:00Z"));
  }
}
