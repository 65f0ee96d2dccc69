package org.dmarcpipeline.schema.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.dmarcpipeline.schema.Fixtures;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.model.ReportTotals;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.junit.jupiter.api.Test;

class ReportDocumentTest {

  @Test
  void warningCodesShouldBeTheDistinctWordsInAlphabeticalOrder() throws Exception {
    String xml = new String(Fixtures.bytes("rfc7489-two-records.xml"), StandardCharsets.UTF_8)
        .replace("<begin>1700006400</begin>", "<begin>1700006400.5</begin>")
        .replace("</policy_published>", "</policy_published><surprise/>")
        .replace("<p>reject</p>", "<p>Reject</p>")
        .replace("<sp>none</sp>", "<sp>NONE</sp>");
    AggregateReport report = new ReportParser().parse(xml.getBytes(StandardCharsets.UTF_8));
    var totals = new ReportTotals(2, 2, 4, report.warnings(), report.extensions());

    ReportDocument document = ReportDocument.of(AggregateRecords.summary(report.header(), report.fingerprint(), totals), false);

    assertThat(document.warningCodes()).containsExactly("date_fraction", "result_word_case", "unknown_element");
    assertThat(DmarcJson.mapper().readTree(DmarcJson.encode(document)).get("warnings").get(0).get("code").asText())
        .isEqualTo(report.warnings().get(0).code().word());
  }
}
