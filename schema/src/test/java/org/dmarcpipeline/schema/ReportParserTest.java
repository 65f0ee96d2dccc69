package org.dmarcpipeline.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpipeline.schema.fingerprint.Sha256;
import org.dmarcpipeline.schema.model.ReportHeader;
import org.dmarcpipeline.schema.model.ReportRecord;
import org.dmarcpipeline.schema.model.ReportTotals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both ways through {@link ReportParser}: a report held in one pass, and one read twice. */
class ReportParserTest {

  private static final int HELD = ReportParser.SINGLE_PASS_RECORDS;

  @ParameterizedTest
  @ValueSource(ints = {1, HELD, HELD + 1})
  void handlerShouldGetEveryRecordAfterTheFingerprintOfEveryByte(int records) throws Exception {
    byte[] xml = (report(records) + "\n<!-- after the end -->\n").getBytes(StandardCharsets.UTF_8);
    Seen seen = new Seen();

    ReportTotals totals = new ReportParser().parse(() -> new ByteArrayInputStream(xml), seen);

    assertThat(seen.fingerprint).isEqualTo(Sha256.hex(xml));
    assertThat(seen.events.get(0)).isEqualTo("header");
    assertThat(seen.events).hasSize(records + 2).last().isEqualTo("end");
    assertThat(seen.ips).hasSize(records).startsWith("192.0.2.0").endsWith(ip(records - 1));
    assertThat(totals.records()).isEqualTo(records);
  }

  @ParameterizedTest
  @ValueSource(ints = {10, HELD + 10})
  void nothingShouldReachTheHandlerWhenTheReportBreaksAfterItsRecords(int records) {
    String whole = report(records);
    byte[] cut = whole.substring(0, whole.lastIndexOf("</feedback>") - 3).getBytes(StandardCharsets.UTF_8);
    Seen seen = new Seen();

    assertThatThrownBy(() -> new ReportParser().parse(() -> new ByteArrayInputStream(cut), seen))
        .isInstanceOf(InvalidReportException.class);
    assertThat(seen.events).isEmpty();
  }

  private static String report(int records) {
    StringBuilder xml = new StringBuilder("""
        <?xml version="1.0" encoding="UTF-8"?>
        <feedback><report_metadata><org_name>example.net</org_name><email>r@example.net</email>
        <report_id>r-1</report_id><date_range><begin>1700000000</begin><end>1700086400</end></date_range></report_metadata>
        <policy_published><domain>example.com</domain><p>none</p></policy_published>
        """);
    for (int i = 0; i < records; i++) {
      xml.append("""
          <record><row><source_ip>%s</source_ip><count>1</count><policy_evaluated><disposition>none</disposition>
          <dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers>
          <auth_results><spf><domain>example.com</domain><result>pass</result></spf></auth_results></record>
          """.formatted(ip(i)));
    }
    return xml.append("</feedback>").toString();
  }

  private static String ip(int i) {
    return "192.0.%d.%d".formatted(2 + i / 256, i % 256);
  }

  private static final class Seen implements ReportHandler {
    final List<String> events = new ArrayList<>();
    final List<String> ips = new ArrayList<>();
    String fingerprint;

    @Override
    public void header(ReportHeader header, String fingerprint) {
      this.fingerprint = fingerprint;
      events.add("header");
    }

    @Override
    public void record(ReportRecord record) {
      events.add("record");
      ips.add(record.row().sourceIp().value());
    }

    @Override
    public void end(ReportTotals totals) {
      events.add("end");
    }
  }
}
