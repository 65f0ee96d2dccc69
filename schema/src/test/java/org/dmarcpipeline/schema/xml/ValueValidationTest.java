package org.dmarcpipeline.schema.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.dmarcpipeline.schema.Fixtures;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.model.ParseWarning;
import org.dmarcpipeline.schema.model.WarningCode;
import org.junit.jupiter.api.Test;

/**
 * Values read as the XSDs and RFCs define them: integers without exponents or signs, IP literals
 * without zones, report periods a real report can have, auth results that name a domain. Each
 * repair or skip leaves a named warning; each refusal says which field and why.
 */
class ValueValidationTest {

  private static final String REPORT = new String(Fixtures.bytes("rfc7489-two-records.xml"), StandardCharsets.UTF_8);
  private final AggregateReportReader reader = new AggregateReportReader();

  @Test
  void readShouldSkipTheRowWhenACountHasAnExponentOrASign_V4() throws Exception {
    for (String count : new String[] {"1e9", "1E2", "+3", "-1", "1e10000000", "9223372036854775807", " 5 x"}) {
      AggregateReport report = read(REPORT.replace("<count>3</count>", "<count>" + count + "</count>"));

      assertThat(report.records()).as(count).hasSize(1);
      assertThat(report.warnings()).as(count).extracting(ParseWarning::code).containsExactly(WarningCode.COUNT_INVALID);
    }
  }

  @Test
  void readShouldRefuseTheReportWithAReasonWhenADateIsAnExponent_V3() {
    assertThatThrownBy(() -> read(REPORT.replace("<begin>1700006400</begin>", "<begin>1e-999999999</begin>")))
        .isInstanceOf(InvalidReportException.class)
        .hasMessage("invalid report: report_metadata.date_range.begin is not a time in seconds since 1970: '1e-999999999'");
    assertThatThrownBy(() -> read(REPORT.replace("<end>1700092799</end>", "<end>-5</end>")))
        .hasMessageContaining("report_metadata.date_range.end is not a time");
  }

  @Test
  void readShouldRefuseReportPeriodsNoRealReportHas_V3() {
    assertThatThrownBy(() -> read(period(302832000L, 302918399L)))
        .hasMessage("invalid report: report period begins 1979-08-07T00:00:00Z, before DMARC reports existed (2012)");
    long inAYear = Instant.now().getEpochSecond() + 365L * 86400;
    assertThatThrownBy(() -> read(period(inAYear, inAYear + 86399)))
        .hasMessageStartingWith("invalid report: report period ends ")
        .hasMessageEndingWith(", more than a day in the future");
    assertThatThrownBy(() -> read(period(32503680000L, 32503766399L))) // 3000-01-01
        .hasMessageEndingWith(", more than a day in the future");
    assertThatThrownBy(() -> read(period(1700006400L, 1700006400L + 40L * 86400)))
        .hasMessageEndingWith("is longer than 31 days");
  }

  @Test
  void readShouldWarnButKeepAPeriodOfTwoWeeks_V3() throws Exception {
    AggregateReport report = read(period(1700006400L, 1700006400L + 14L * 86400));

    assertThat(report.records()).hasSize(2);
    assertThat(report.warnings()).extracting(ParseWarning::code).containsExactly(WarningCode.DATE_RANGE_LONG);
  }

  @Test
  void readShouldSkipTheRowWhenTheSourceIpHasAZoneOrIsNotALiteral_V5() throws Exception {
    for (String ip : new String[] {"fe80::1%eth0", "fe80::1%25eth0", "1.2.3", "999.1.1.1", "1.2.3.4/24", "evil.example"}) {
      AggregateReport report = read(REPORT.replace("<source_ip>192.0.2.10</source_ip>", "<source_ip>" + ip + "</source_ip>"));

      assertThat(report.records()).as(ip).hasSize(1);
      assertThat(report.warnings()).as(ip).extracting(ParseWarning::code).containsExactly(WarningCode.SOURCE_IP_INVALID);
    }
  }

  @Test
  void readShouldSkipAuthResultsWithoutADomainWithAWarning() throws Exception {
    String xml = REPORT
        .replaceFirst("<domain>example.com</domain>\\s*<selector>s1</selector>", "<domain> </domain><selector>s1</selector>")
        .replaceFirst("<domain>example.com</domain>\\s*<scope>mfrom</scope>", "<scope>mfrom</scope>");

    AggregateReport report = read(xml);

    assertThat(report.records().get(0).authResults().dkim()).isEmpty();
    assertThat(report.records().get(0).authResults().spf()).isEmpty();
    assertThat(report.records()).hasSize(2);
    assertThat(report.warnings()).extracting(ParseWarning::code).containsExactly(WarningCode.DKIM_DOMAIN_MISSING, WarningCode.SPF_DOMAIN_MISSING);
  }

  @Test
  void readShouldWarnOnceWhenRfc7489SpfResultsHaveNoScopeButNotInAnRfc9990Report() throws Exception {
    String noScope = REPORT.replace("<scope>mfrom</scope>", "");

    assertThat(read(noScope).warnings()).extracting(ParseWarning::code).containsExactly(WarningCode.SPF_SCOPE_MISSING);
    assertThat(read(noScope.replace("<version>1.0</version>", "<version>2.0</version>")).warnings()).isEmpty();
  }

  private static String period(long begin, long end) {
    return REPORT.replace("<begin>1700006400</begin>", "<begin>" + begin + "</begin>")
        .replace("<end>1700092799</end>", "<end>" + end + "</end>");
  }

  private AggregateReport read(String xml) throws InvalidReportException {
    return reader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
