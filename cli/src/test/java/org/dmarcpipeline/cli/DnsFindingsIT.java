package org.dmarcpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.dmarcpipeline.schema.model.SpfResult;
import org.dmarcpipeline.schema.index.SpfNowResult;
import org.dmarcpipeline.schema.index.RdnsStatus;
import org.dmarcpipeline.schema.index.KeyFinding;
import org.dmarcpipeline.schema.index.DmarcStatus;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.processor.index.IndexTemplates;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.index.Enrichment;
import org.dmarcpipeline.schema.index.RecordDocument;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.index.ReportDocument;
import org.dmarcpipeline.schema.index.ReportIndex;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.schema.record.ReportSummary;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.reports.ReportSummaries;
import org.dmarcpipeline.testing.services.LocalStack;
import org.junit.jupiter.api.Test;

/** The demo's DNS summary read back from rows and reports in the real Elasticsearch. */
class DnsFindingsIT {

  @Test
  void summaryShouldSayWhatTheCrossCheckFoundForEachDomain() throws Exception {
    String domain = "findings-" + UUID.randomUUID().toString().substring(0, 6) + ".example";
    GeneratedReport generated = new ReportGenerator(77).next(200, 77);
    byte[] xml = new String(generated.xml(), StandardCharsets.UTF_8).replace(generated.policyDomain(), domain).getBytes(StandardCharsets.UTF_8);
    List<AggregateRecord> rows = AggregateRecords.of(new ReportParser().parse(xml));
    ReportSummary summary = ReportSummaries.of(xml);
    // every fourth row's SPF fails now; every row signs with a short key, every third also with a revoked one
    long messages = 0;
    long spfPass = 0;
    List<RecordDocument> documents = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      AggregateRecord row = rows.get(i);
      SpfNowResult spf = i % 4 == 0 ? SpfNowResult.FAIL : SpfNowResult.PASS;
      messages += row.record().row().count();
      spfPass += spf == SpfNowResult.PASS ? row.record().row().count() : 0;
      List<Enrichment.DkimKey> keys = new ArrayList<>(List.of(new Enrichment.DkimKey("s1._domainkey." + domain, KeyFinding.SHORT)));
      if (i % 3 == 0) {
        keys.add(new Enrichment.DkimKey("old._domainkey." + domain, KeyFinding.REVOKED));
      }
      Enrichment.Source source = i % 2 == 0
          ? new Enrichment.Source(RdnsStatus.CONFIRMED, "o1.ptr.sendgrid.net", "sendgrid.net", "SendGrid", "Marketing")
          : new Enrichment.Source(RdnsStatus.NONE, null, null, null, null);
      documents.add(RecordDocument.of(row, new Enrichment(source, null, Enrichment.SpfNow.of(domain, spf, null, SpfResult.PASS), keys)));
    }
    ReportDocument.DmarcNow dmarcNow = new ReportDocument.DmarcNow(DmarcStatus.FOUND, "_dmarc." + domain, "reject", null, "r", "r", 100,
        List.of("p: report says none, DNS now says reject"));

    try (ElasticsearchClient es = ElasticsearchClients.create(ElasticsearchConnection.local(LocalStack.elasticsearch().url()))) {
      IndexTemplates.install(es);
      es.bulk(b -> {
        for (int i = 0; i < rows.size(); i++) {
          RecordDocument document = documents.get(i);
          AggregateRecord row = rows.get(i);
          b.operations(op -> op.index(x -> x.index(RecordIndex.indexFor(row.reportMetadata().dateRange().begin())).id(row.id())
              .document(BinaryData.of(DmarcJson.encode(document), ContentType.APPLICATION_JSON))));
        }
        b.operations(op -> op.index(x -> x.index(ReportIndex.indexFor(rows.get(0).reportMetadata().dateRange().begin())).id(summary.id())
            .document(BinaryData.of(DmarcJson.encode(ReportDocument.of(summary, false, dmarcNow)), ContentType.APPLICATION_JSON))));
        return b.refresh(Refresh.True);
      });
      StringWriter out = new StringWriter();

      DnsFindings.print(es, new PrintWriter(out));

      List<String> lines = out.toString().lines().toList();
      int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("  " + domain + " ")).findFirst().orElseThrow());
      // the domain's own lines: its first, then those indented under it
      List<String> mine = new ArrayList<>(List.of(lines.get(at)));
      for (int i = at + 1; i < lines.size() && lines.get(i).startsWith("  " + " ".repeat(20)); i++) {
        mine.add(lines.get(i).strip());
      }
      assertThat(mine.get(0)).endsWith("SPF now passes %.1f%% of messages".formatted(100.0 * spfPass / messages));
      assertThat(mine).contains(
          "DMARC record changed: p: report says none, DNS now says reject",
          "DKIM keys in use are short: rotate to 2048-bit RSA",
          "DKIM keys in use are revoked now",
          "sending services seen: SendGrid");
    }
  }
}
