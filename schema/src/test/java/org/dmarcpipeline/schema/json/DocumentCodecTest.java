package org.dmarcpipeline.schema.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpipeline.schema.Fixtures;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.index.Enrichment;
import org.dmarcpipeline.schema.index.KeyFinding;
import org.dmarcpipeline.schema.index.RdnsStatus;
import org.dmarcpipeline.schema.index.SpfNowResult;
import org.dmarcpipeline.schema.index.RecordDocument;
import org.dmarcpipeline.schema.model.SpfResult;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.junit.jupiter.api.Test;

class DocumentCodecTest {

  private static final String[] FIXTURES = {
    "rfc7489-two-records.xml", "namespace-dmarc-2.0.xml", "rfc9990-extensions.xml", "quirk-org-name-empty.xml",
    "quirk-row-without-source-ip.xml", "quirk-identities.xml", "quirk-records-before-metadata.xml", "rfc7489-two-records.xml"
  };

  private static final Enrichment DNS = new Enrichment(
      new Enrichment.Source(RdnsStatus.CONFIRMED, "mail.example.net", "example.net", "Example Mail", "esp"),
      Enrichment.Alignment.of(false, true),
      Enrichment.SpfNow.of("example.com", SpfNowResult.FAIL, "not in example.com's record", SpfResult.PASS),
      List.of(new Enrichment.DkimKey("s1._domainkey.example.com", KeyFinding.SHORT)));

  /** Documents of several reports, a report's rows in a run, with and without DNS findings. */
  private static List<RecordDocument> documents() throws Exception {
    List<RecordDocument> documents = new ArrayList<>();
    boolean withDns = false;
    for (String fixture : FIXTURES) {
      for (AggregateRecord row : AggregateRecords.of(new ReportParser().parse(Fixtures.bytes(fixture)))) {
        documents.add(RecordDocument.of(row, withDns ? DNS : null));
        withDns = !withDns;
      }
    }
    return documents;
  }

  @Test
  void encodeShouldWriteTheMappersFieldsAndValuesForEveryRowWhenReportsFollowEachOther() throws Exception {
    DocumentCodec codec = new DocumentCodec(DmarcJson.mapper());
    List<RecordDocument> documents = documents();
    assertThat(documents.stream().map(d -> d.report().recordIndex()).distinct()).hasSizeGreaterThan(1);

    for (RecordDocument document : documents) {
      JsonNode expected = DmarcJson.mapper().readTree(DmarcJson.mapper().writeValueAsBytes(document));
      JsonNode actual = DmarcJson.mapper().readTree(codec.encode(document));
      assertThat(actual).isEqualTo(expected);
    }
  }

  @Test
  void encodeShouldGiveEachRowItsOwnRecordIndexWithinOneReport() throws Exception {
    DocumentCodec codec = new DocumentCodec(DmarcJson.mapper());
    List<AggregateRecord> rows = AggregateRecords.of(new ReportParser().parse(Fixtures.bytes("rfc7489-two-records.xml")));

    JsonNode first = DmarcJson.mapper().readTree(codec.encode(RecordDocument.of(rows.get(0))));
    JsonNode second = DmarcJson.mapper().readTree(codec.encode(RecordDocument.of(rows.get(1))));

    assertThat(first.at("/report/record_index").asInt()).isEqualTo(rows.get(0).record().index());
    assertThat(second.at("/report/record_index").asInt()).isEqualTo(rows.get(1).record().index()).isNotEqualTo(first.at("/report/record_index").asInt());
    assertThat(second.get("report").size()).isEqualTo(first.get("report").size());
  }
}
