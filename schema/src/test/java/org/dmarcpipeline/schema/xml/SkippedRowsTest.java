package org.dmarcpipeline.schema.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.dmarcpipeline.schema.Fixtures;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.model.ParseWarning;
import org.dmarcpipeline.schema.model.WarningCode;
import org.junit.jupiter.api.Test;

/** Every record element is kept or skipped with a warning whose code says so (the corpus test counts on it). */
class SkippedRowsTest {

  private static final String REPORT = new String(Fixtures.bytes("rfc7489-two-records.xml"), StandardCharsets.UTF_8);
  private static final String SECOND_ROW_IP = "<source_ip>203.0.113.7</source_ip>";

  @Test
  void eachWayOfSkippingARowShouldLeaveAWarningThatSkipsRow() throws Exception {
    String[] skipped = {
      REPORT.replace(SECOND_ROW_IP, ""),
      REPORT.replace(SECOND_ROW_IP, "<source_ip>not an address</source_ip>"),
      REPORT.replace("<count>1</count>", "<count>1e3</count>"),
      REPORT.replace("<header_from>example.com</header_from>\n    </identifiers>\n    <auth_results>\n      <dkim>\n        <domain>spoof.example</domain>",
          "<header_from>" + "a".repeat(300) + "</header_from>\n    </identifiers>\n    <auth_results>\n      <dkim>\n        <domain>spoof.example</domain>"),
    };
    for (String xml : skipped) {
      AggregateReport report = read(xml);

      assertThat(report.records()).hasSize(1);
      assertThat(report.warnings()).extracting(ParseWarning::code).filteredOn(WarningCode::skipsRow).hasSize(1);
    }
  }

  @Test
  void warningsOfAKeptRowShouldNotSkipRows() throws Exception {
    AggregateReport report = read(REPORT.replace("<domain>spoof.example</domain>", "<domain> </domain>").replace("<p>reject</p>", "<p>REJECT</p>"));

    assertThat(report.records()).hasSize(2);
    assertThat(report.warnings()).extracting(ParseWarning::code)
        .containsExactly(WarningCode.RESULT_WORD_CASE, WarningCode.DKIM_DOMAIN_MISSING)
        .noneMatch(WarningCode::skipsRow);
  }

  private static AggregateReport read(String xml) throws Exception {
    return new AggregateReportReader().read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
