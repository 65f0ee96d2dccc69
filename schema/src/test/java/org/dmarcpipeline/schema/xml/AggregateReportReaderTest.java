package org.dmarcpipeline.schema.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.dmarcpipeline.schema.Fixtures;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.model.Disposition;
import org.dmarcpipeline.schema.model.DkimResult;
import org.dmarcpipeline.schema.model.DmarcResult;
import org.dmarcpipeline.schema.model.ParseWarning;
import org.dmarcpipeline.schema.model.WarningCode;
import org.dmarcpipeline.schema.model.SpfResult;
import org.dmarcpipeline.schema.model.SpfScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AggregateReportReaderTest {

  private final AggregateReportReader reader = new AggregateReportReader();

  private AggregateReport read(String fixture) throws InvalidReportException {
    return reader.read(Fixtures.open(fixture));
  }

  @Test
  void readShouldMapEveryFieldWhenReportFollowsRfc7489() throws Exception {
    AggregateReport report = read("rfc7489-two-records.xml");

    assertThat(report.namespace()).isEmpty();
    assertThat(report.version()).isEqualTo("1.0");
    assertThat(report.reportMetadata().orgName()).isEqualTo("google.com");
    assertThat(report.reportMetadata().reportId()).isEqualTo("17613298470431233218");
    assertThat(report.reportMetadata().dateRange().begin()).isEqualTo(Instant.ofEpochSecond(1700006400));
    assertThat(report.policyPublished().domain()).isEqualTo("example.com");
    assertThat(report.policyPublished().p()).isEqualTo(Disposition.REJECT);
    assertThat(report.policyPublished().pct()).isEqualTo(100);
    assertThat(report.records()).hasSize(2);
    var second = report.records().get(1);
    assertThat(second.index()).isEqualTo(1);
    assertThat(second.row().sourceIp().value()).isEqualTo("203.0.113.7");
    assertThat(second.row().count()).isEqualTo(1);
    assertThat(second.row().policyEvaluated().disposition()).isEqualTo(Disposition.REJECT);
    assertThat(second.row().policyEvaluated().dkim()).isEqualTo(DmarcResult.FAIL);
    assertThat(second.authResults().dkim()).singleElement().satisfies(d -> {
      assertThat(d.domain()).isEqualTo("spoof.example");
      assertThat(d.selector()).isEqualTo("s1");
      assertThat(d.result()).isEqualTo(DkimResult.FAIL);
    });
    assertThat(second.authResults().spf()).singleElement().satisfies(s -> {
      assertThat(s.scope()).isEqualTo(SpfScope.MFROM);
      assertThat(s.result()).isEqualTo(SpfResult.FAIL);
    });
    assertThat(report.warnings()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"namespace-dmarc-xml-0.1.xml", "namespace-dmarc-2.0.xml"})
  void readShouldAcceptAndRememberNamespaceWhenItIsADmarcNamespace(String fixture) throws Exception {
    AggregateReport report = read(fixture);

    assertThat(report.records()).hasSize(2);
    assertThat(report.namespace()).isIn("http://dmarc.org/dmarc-xml/0.1", "urn:ietf:params:xml:ns:dmarc-2.0");
  }

  @Test
  void readShouldRejectWhenNamespaceIsUnknown_X9() {
    assertThatThrownBy(() -> read("X9-unknown-namespace.xml"))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageStartingWith("unknown namespace: ")
        .hasMessageContaining("urn:evil");
  }

  @Test
  void readShouldRefuseDoctypeWithoutExpandingWhenAnEntityPointsAtAFile_X1() {
    assertThatThrownBy(() -> read("X1-xxe-file.xml"))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("DTD")
        .hasMessageNotContaining("root:");
  }

  @Test
  void readShouldRefuseDoctypeWhenItNamesAnExternalDtd_X2() {
    assertThatThrownBy(() -> read("X2-external-dtd.xml"))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("DTD");
  }

  @Test
  void readShouldRefuseQuicklyWhenEntitiesExpandExponentially_X3() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> read("X3-billion-laughs.xml")).isInstanceOf(InvalidReportException.class);
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  @Test
  void readShouldRejectWhenAnXIncludeElementAppears_X6() {
    assertThatThrownBy(() -> read("X6-xinclude.xml"))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("XInclude");
  }

  @ParameterizedTest
  @ValueSource(strings = {"X10-html.html", "X10-html-no-doctype.html", "X10-json.json", "X10-truncated.xml", "X10-empty.xml"})
  void readShouldRejectWithAReasonWhenInputIsNotAReport_X10(String fixture) {
    assertThatThrownBy(() -> read(fixture))
        .isInstanceOf(InvalidReportException.class)
        .message()
        .isNotBlank()
        .doesNotContain("Exception");
  }

  @Test
  void readShouldNameTheRootElementWhenItIsNotFeedback_X10() {
    assertThatThrownBy(() -> read("X10-html-no-doctype.html"))
        .hasMessage("not a DMARC aggregate report: root element is <html>");
  }

  @Test
  void readShouldParseWhenXmlStartsWithUtf8ByteOrderMark_X7() throws Exception {
    byte[] xml = Fixtures.bytes("rfc7489-two-records.xml");
    byte[] withBom = new byte[xml.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(xml, 0, withBom, 3, xml.length);

    assertThat(reader.read(new ByteArrayInputStream(withBom)).records()).hasSize(2);
  }

  @Test
  void readShouldParseWhenReportIsUtf16WithDeclaration_X7() throws Exception {
    String xml = new String(Fixtures.bytes("rfc7489-two-records.xml"), StandardCharsets.UTF_8)
        .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    byte[] utf16 = xml.getBytes(StandardCharsets.UTF_16); // with BOM

    assertThat(reader.read(new ByteArrayInputStream(utf16)).records()).hasSize(2);
  }

  @Test
  void readShouldRejectWhenUtf8IsInvalid_X8() {
    byte[] xml = Fixtures.bytes("rfc7489-two-records.xml");
    String text = new String(xml, StandardCharsets.UTF_8);
    int at = text.indexOf("example.com");
    xml[at] = (byte) 0x91;

    assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(xml)))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void readShouldRejectWhenOrgNameIsHuge_V8() {
    String xml = new String(Fixtures.bytes("rfc7489-two-records.xml"), StandardCharsets.UTF_8)
        .replace("<org_name>google.com</org_name>", "<org_name>" + "x".repeat(40_000) + "</org_name>");

    assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("report_metadata.org_name has 40000 characters");
  }

  @Test
  void readShouldRejectWhenRecordsExceedTheLimit() {
    AggregateReportReader limited = new AggregateReportReader(
        new ReaderLimits(1, 1024, ReaderLimits.DEFAULTS.maxPartChars(), ReaderLimits.DEFAULTS.maxPartElements()));

    assertThatThrownBy(() -> limited.read(Fixtures.open("rfc7489-two-records.xml")))
        .hasMessageContaining("more than 1 records");
  }

  @Test
  void readShouldRepairAndWarnWhenResultWordsAreCapitalised() throws Exception {
    AggregateReport report = read("quirk-result-word-case.xml");

    var record = report.records().get(0);
    assertThat(record.row().policyEvaluated().disposition()).isEqualTo(Disposition.NONE);
    assertThat(record.row().policyEvaluated().dkim()).isEqualTo(DmarcResult.PASS);
    assertThat(record.authResults().spf().get(0).result()).isEqualTo(SpfResult.PASS);
    assertThat(report.warnings()).extracting(ParseWarning::code).containsOnly(WarningCode.RESULT_WORD_CASE).hasSize(5);
  }

  @Test
  void readShouldReadHardfailAsFailWithWarningWhenReporterUsesRfc4408Words() throws Exception {
    AggregateReport report = read("quirk-spf-hardfail.xml");

    assertThat(report.records().get(0).authResults().spf().get(0).result()).isEqualTo(SpfResult.FAIL);
    assertThat(report.warnings()).extracting(ParseWarning::code).containsExactly(WarningCode.SPF_RESULT_LEGACY);
  }

  @Test
  void readShouldSkipOnlyThatRowAndWarnWhenSourceIpIsMissing() throws Exception {
    AggregateReport report = read("quirk-row-without-source-ip.xml");

    assertThat(report.records()).extracting(r -> r.index()).containsExactly(0, 2);
    assertThat(report.warnings()).singleElement().satisfies(w -> {
      assertThat(w.code()).isEqualTo(WarningCode.SOURCE_IP_MISSING);
      assertThat(w.where()).isEqualTo("record[1].row.source_ip");
    });
  }

  @Test
  void readShouldSkipRowWithoutResolvingWhenSourceIpIsAHostName_V5() throws Exception {
    AggregateReport report = read("quirk-invalid-source-ip.xml");

    assertThat(report.records()).hasSize(1);
    assertThat(report.warnings()).extracting(ParseWarning::code).containsExactly(WarningCode.SOURCE_IP_INVALID);
  }

  @Test
  void readShouldUseEmailDomainWithWarningWhenOrgNameIsEmpty() throws Exception {
    AggregateReport report = read("quirk-org-name-empty.xml");

    assertThat(report.reportMetadata().orgName()).isEqualTo("reports.example.net");
    assertThat(report.warnings()).extracting(ParseWarning::code).containsExactly(WarningCode.ORG_NAME_MISSING);
  }

  @Test
  void readShouldStripAngleBracketsWithWarningWhenReportIdHasThem() throws Exception {
    AggregateReport report = read("quirk-report-id-brackets.xml");

    assertThat(report.reportMetadata().reportId()).isEqualTo("abc.123@receiver.example");
    assertThat(report.warnings()).extracting(ParseWarning::code).containsExactly(WarningCode.REPORT_ID_BRACKETS);
  }

  @Test
  void readShouldKeepRecordsWhenTheyComeBeforeTheMetadata() throws Exception {
    AggregateReport report = read("quirk-records-before-metadata.xml");

    assertThat(report.records()).hasSize(1);
    assertThat(report.reportMetadata().orgName()).isEqualTo("odd.example");
  }

  @Test
  void readShouldDropEmptyReasonWithWarning() throws Exception {
    AggregateReport report = read("quirk-empty-reason.xml");

    assertThat(report.records().get(0).row().policyEvaluated().reason()).isEmpty();
    assertThat(report.warnings()).extracting(ParseWarning::code).containsExactly(WarningCode.REASON_EMPTY);
  }

  @Test
  void readShouldConvertMillisecondsWithWarningWhenDatesAreTooLargeForSeconds() throws Exception {
    AggregateReport report = read("quirk-date-milliseconds.xml");

    assertThat(report.reportMetadata().dateRange().begin()).isEqualTo(Instant.ofEpochSecond(1700006400));
    assertThat(report.reportMetadata().dateRange().end()).isEqualTo(Instant.ofEpochSecond(1700092799));
    assertThat(report.warnings()).extracting(ParseWarning::code).containsExactly(WarningCode.DATE_MILLISECONDS, WarningCode.DATE_MILLISECONDS);
  }

  @Test
  void readShouldDropFractionsWithWarningWhenDatesHaveThem() throws Exception {
    AggregateReport report = read("quirk-date-fraction.xml");

    assertThat(report.reportMetadata().dateRange().begin()).isEqualTo(Instant.ofEpochSecond(1700006400));
    assertThat(report.warnings()).extracting(ParseWarning::code).containsExactly(WarningCode.DATE_FRACTION);
  }

  @Test
  void readShouldSwapWithWarningWhenEndIsBeforeBegin_V3() throws Exception {
    AggregateReport report = read("quirk-date-end-before-begin.xml");

    assertThat(report.reportMetadata().dateRange().begin()).isEqualTo(Instant.ofEpochSecond(1700006400));
    assertThat(report.warnings()).extracting(ParseWarning::code).containsExactly(WarningCode.DATE_RANGE_REVERSED);
  }

  @Test
  void readShouldReadIdentitiesAsIdentifiersWithWarning() throws Exception {
    AggregateReport report = read("quirk-identities.xml");

    assertThat(report.records()).allSatisfy(r -> assertThat(r.identifiers().headerFrom()).isEqualTo("example.com"));
    assertThat(report.warnings()).extracting(ParseWarning::code).containsOnly(WarningCode.IDENTITIES_ELEMENT);
  }

  @Test
  void readShouldAcceptCountsWithAZeroFractionWithWarningButSkipExponents_V4() throws Exception {
    AggregateReport report = read("quirk-count-notation.xml");

    assertThat(report.records()).extracting(r -> r.row().count()).containsExactly(3L);
    assertThat(report.warnings()).extracting(ParseWarning::code).containsExactly(WarningCode.NUMBER_NOTATION, WarningCode.COUNT_INVALID);
  }

  @Test
  void readShouldSkipRowWithWarningWhenCountIsNegative_V4() throws Exception {
    AggregateReport report = read("quirk-count-invalid.xml");

    assertThat(report.records()).hasSize(1);
    assertThat(report.warnings()).extracting(ParseWarning::code).containsExactly(WarningCode.COUNT_INVALID);
  }

  @Test
  void readShouldAcceptElementsInAnyOrder() throws Exception {
    AggregateReport report = read("quirk-elements-any-order.xml");

    assertThat(report.reportMetadata().orgName()).isEqualTo("google.com");
    assertThat(report.reportMetadata().reportId()).isEqualTo("17613298470431233218");
    assertThat(report.policyPublished().domain()).isEqualTo("example.com");
    assertThat(report.records()).hasSize(2);
  }

  @Test
  void readShouldIgnoreWithWarningWhenAStrayXsSchemaTagWrapsTheReport() throws Exception {
    AggregateReport report = read("quirk-stray-schema-tag.xml");

    assertThat(report.records()).hasSize(2);
    assertThat(report.warnings()).extracting(ParseWarning::code).containsExactly(WarningCode.STRAY_SCHEMA_TAG);
  }

  @Test
  void readShouldKeepEveryRfc9990FieldWhenTheReportUsesThem() throws Exception {
    AggregateReport report = read("rfc9990-extensions.xml");

    assertThat(report.namespace()).isEqualTo("urn:ietf:params:xml:ns:dmarc-2.0");
    assertThat(report.version()).isEqualTo("2.0");
    assertThat(report.reportMetadata().generator()).isEqualTo("Example Reporter 2.1");
    assertThat(report.policyPublished().np()).isEqualTo(Disposition.REJECT);
    assertThat(report.policyPublished().testing()).isEqualTo("y");
    assertThat(report.policyPublished().discoveryMethod()).isEqualTo("treewalk");
    assertThat(report.policyPublished().pct()).isNull();
    assertThat(report.records().get(0).authResults().spf().get(0).humanResult()).isEqualTo("sender authorized");
    assertThat(report.records().get(0).extensions()).singleElement().asString()
        .contains("arc").contains("https://reporter.example/ext").contains("i=1; example.org");
    assertThat(report.extensions()).singleElement().asString().contains("reporter-build").contains("42");
    assertThat(report.warnings()).isEmpty();
  }

  @Test
  void readShouldParseInBoundedMemoryWhenReportIsLarge() throws Exception {
    ByteArrayOutputStream xml = new ByteArrayOutputStream();
    String base = new String(Fixtures.bytes("rfc7489-two-records.xml"), StandardCharsets.UTF_8);
    int start = base.indexOf("  <record>");
    int end = base.indexOf("</feedback>");
    xml.write(base.substring(0, start).getBytes(StandardCharsets.UTF_8));
    String record = base.substring(start, base.indexOf("  <record>", start + 1));
    for (int i = 0; i < 20_000; i++) {
      xml.write(record.getBytes(StandardCharsets.UTF_8));
    }
    xml.write(base.substring(end).getBytes(StandardCharsets.UTF_8));

    AggregateReport report = reader.read(new ByteArrayInputStream(xml.toByteArray()));

    assertThat(report.records()).hasSize(20_000);
    assertThat(report.records().get(19_999).index()).isEqualTo(19_999);
  }
}
