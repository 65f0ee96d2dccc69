package org.dmarcpipeline.processor.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.dmarcpipeline.processor.dns.LookupDeadline;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.index.RecordDocument;
import org.dmarcpipeline.schema.index.ReportDocument;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.schema.record.ReportSummary;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.reports.ReportSummaries;
import org.junit.jupiter.api.Test;

class DnsChecksTest {

  private final byte[] xml = new ReportGenerator(1907).next(2, 1).xml();

  @Test
  void offShouldIndexTheRowAsReportedWithoutFindingsWhenNoDnsServersAreConfigured() throws Exception {
    AggregateRecord row = AggregateRecords.of(new ReportParser().parse(xml)).get(0);

    String json = new String(DmarcJson.encode(DnsChecks.OFF.rowDocument(row, DnsChecks.OFF.deadlineForPoll())), StandardCharsets.UTF_8);

    assertThat(json).isEqualTo(new String(DmarcJson.encode(RecordDocument.of(row, null)), StandardCharsets.UTF_8));
    assertThat(json).doesNotContain("\"spf_now\"", "\"dkim_keys\"", "\"alignment\"", "\"rdns_status\"");
  }

  @Test
  void offShouldIndexTheReportWithoutItsDmarcRecordNowWhenNoDnsServersAreConfigured() throws Exception {
    ReportSummary report = ReportSummaries.of(xml);

    String json = new String(DmarcJson.encode(DnsChecks.OFF.reportDocument(report, true, LookupDeadline.NONE)), StandardCharsets.UTF_8);

    assertThat(json).isEqualTo(new String(DmarcJson.encode(ReportDocument.of(report, true, null)), StandardCharsets.UTF_8));
    assertThat(json).doesNotContain("\"dmarc_now\"");
  }
}
