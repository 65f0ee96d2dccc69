package org.dmarcpipeline.cli.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.dmarcpipeline.ingest.mail.RawMail;
import org.dmarcpipeline.ingest.mail.ReportAttachment;
import org.dmarcpipeline.ingest.mail.ReportMailParser;
import org.dmarcpipeline.processor.config.DnsSettings;
import org.dmarcpipeline.processor.enrich.RowEnricher;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.index.RecordDocument;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecordStream;
import org.dmarcpipeline.testing.services.LocalNsd;

/**
 * The documents the processor would index for the workload's rows, written once to a file so
 * that the raw bulk passes read them back without building them on the clock. One line per row:
 * document id, index, document JSON, tab-separated.
 */
final class DocumentFiles {

  private DocumentFiles() {}

  /** The documents the processor indexes with the DNS cross-check off. */
  static void plain(List<byte[]> mails, Path documents) throws Exception {
    write(mails, documents, RecordDocument::of);
  }

  /**
   * The documents the processor indexes with the DNS cross-check on, each row enriched as the
   * processor does it (its resolver cache, its default per-report lookup budgets) against the same
   * NSD, at the DNS rate the end-to-end run gives the processor.
   */
  static void withDnsFindings(List<byte[]> mails, LocalNsd nsd, int dnsRatePerSecond, Path documents) throws Exception {
    DnsSettings defaults = DnsSettings.of(List.of(nsd.address()));
    RowEnricher enricher = RowEnricher.of(
        new DnsSettings(defaults.servers(), defaults.timeout(), defaults.retries(), dnsRatePerSecond, defaults.budget()));
    write(mails, documents, record -> RecordDocument.of(record, enricher.enrich(record)));
  }

  private static void write(List<byte[]> mails, Path documents, Function<AggregateRecord, RecordDocument> document) throws Exception {
    ReportMailParser mailParser = new ReportMailParser(new ReportParser());
    ReportParser parser = new ReportParser();
    try (BufferedWriter writer = Files.newBufferedWriter(documents)) {
      for (byte[] mail : mails) {
        for (ReportAttachment attachment : mailParser.attachments(new RawMail("bench", mail)).attachments()) {
          parser.parse(attachment.content(), new AggregateRecordStream(record -> {
            try {
              writer.write(record.id());
              writer.write('\t');
              writer.write(RecordIndex.indexFor(record.reportMetadata().dateRange().begin()));
              writer.write('\t');
              writer.write(new String(DmarcJson.encode(document.apply(record)), StandardCharsets.UTF_8));
              writer.write('\n');
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }));
        }
      }
    }
  }
}
