package org.dmarcpipeline.schema.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.dmarcpipeline.schema.Fixtures;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  private static final String[] FIXTURES = {
    "rfc7489-two-records.xml", "namespace-dmarc-2.0.xml", "namespace-dmarc-xml-0.1.xml", "rfc9990-extensions.xml",
    "quirk-org-name-empty.xml", "quirk-row-without-source-ip.xml", "quirk-empty-reason.xml", "quirk-identities.xml",
    "quirk-date-fraction.xml", "quirk-report-id-brackets.xml", "quirk-records-before-metadata.xml"
  };

  /** Rows of several reports, each report's rows in a run, then the first report's rows again. */
  private static List<AggregateRecord> rows() throws Exception {
    List<AggregateRecord> rows = new ArrayList<>();
    for (String fixture : FIXTURES) {
      rows.addAll(AggregateRecords.of(new ReportParser().parse(Fixtures.bytes(fixture))));
    }
    rows.addAll(AggregateRecords.of(new ReportParser().parse(Fixtures.bytes(FIXTURES[0]))));
    return rows;
  }

  @Test
  void encodeShouldWriteExactlyTheMappersBytesForEveryRowWhenReportsFollowEachOther() throws Exception {
    RecordCodec codec = new RecordCodec(DmarcJson.mapper());
    List<AggregateRecord> rows = rows();
    assertThat(rows.stream().map(AggregateRecord::version).distinct()).as("rows with and without a version").contains((String) null).hasSizeGreaterThan(1);

    for (AggregateRecord row : rows) {
      byte[] expected = DmarcJson.mapper().writeValueAsBytes(row);
      assertThat(new String(codec.encode(row), StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
    }
  }

  @Test
  void decodeShouldGiveWhatTheMapperGivesForEveryRowWhenReportsFollowEachOther() throws Exception {
    RecordCodec codec = new RecordCodec(DmarcJson.mapper());

    for (AggregateRecord row : rows()) {
      byte[] json = DmarcJson.mapper().writeValueAsBytes(row);
      AggregateRecord decoded = codec.decode(json);
      assertThat(decoded).isEqualTo(DmarcJson.mapper().readValue(json, AggregateRecord.class)).isEqualTo(row);
    }
  }

  @Test
  void decodeShouldShareTheReportPartsOfConsecutiveRowsOfOneReportAndReadOnlyTheirIdAndRecord() throws Exception {
    RecordCodec codec = new RecordCodec(DmarcJson.mapper());
    List<AggregateRecord> report = AggregateRecords.of(new ReportParser().parse(Fixtures.bytes("rfc7489-two-records.xml")));

    AggregateRecord first = codec.decode(DmarcJson.encode(report.get(0)));
    AggregateRecord second = codec.decode(DmarcJson.encode(report.get(1)));

    assertThat(second.reportMetadata()).isSameAs(first.reportMetadata());
    assertThat(second.policyPublished()).isSameAs(first.policyPublished());
    assertThat(second.record()).isNotEqualTo(first.record());
    // a whole decode reads every string anew; the short one takes the row before's
    assertThat(second.reportKey()).isSameAs(first.reportKey());
    assertThat(second.reportFingerprint()).isSameAs(first.reportFingerprint());
    assertThat(second).isEqualTo(report.get(1));
  }

  @Test
  void decodeShouldTakeTheNewReportsPartsWhenOnlyTheMetadataChanged() throws Exception {
    RecordCodec codec = new RecordCodec(DmarcJson.mapper());
    AggregateRecord row = AggregateRecords.of(new ReportParser().parse(Fixtures.bytes("rfc7489-two-records.xml"))).get(0);
    String json = new String(DmarcJson.encode(row), StandardCharsets.UTF_8);
    String otherOrg = json.replace("\"org_name\":\"" + row.reportMetadata().orgName() + "\"", "\"org_name\":\"other.example\"");
    assertThat(otherOrg).isNotEqualTo(json);

    codec.decode(json.getBytes(StandardCharsets.UTF_8));
    AggregateRecord decoded = codec.decode(otherOrg.getBytes(StandardCharsets.UTF_8));

    assertThat(decoded.reportMetadata().orgName()).isEqualTo("other.example");
  }

  @Test
  void decodeShouldRefuseWhatTheMapperRefuses() throws Exception {
    AggregateRecord row = AggregateRecords.of(new ReportParser().parse(Fixtures.bytes("rfc7489-two-records.xml"))).get(0);
    String json = new String(DmarcJson.encode(row), StandardCharsets.UTF_8);
    List<String> poison = List.of(
        json.replaceFirst("\"report_key\":\"[0-9a-f]+\",", ""),
        json.replaceFirst("\\{\"id\":", "{\"surprise\":1,\"id\":"),
        json.replaceFirst("\"report_metadata\":\\{", "\"report_metadata\":{\"surprise\":1,"),
        json.replaceFirst("\"id\":\"[0-9a-f]+\"", "\"id\":[]"),
        json.substring(0, json.length() / 2),
        "[]",
        "");

    for (String bad : poison) {
      assertThat(bad).isNotEqualTo(json);
      assertThatThrownBy(() -> DmarcJson.decodeRecord(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad).isInstanceOf(UncheckedIOException.class).hasMessageStartingWith("not an aggregate record");
    }
  }

  @Test
  void decodeShouldReadTheWholeRowWhenThePolicyBeforeItsRecordChanged() throws Exception {
    RecordCodec codec = new RecordCodec(DmarcJson.mapper());
    List<AggregateRecord> report = AggregateRecords.of(new ReportParser().parse(Fixtures.bytes("rfc7489-two-records.xml")));
    String second = new String(DmarcJson.encode(report.get(1)), StandardCharsets.UTF_8);
    // policy_published comes before the record, whose auth_results may name the same domain
    String otherDomain = second.replaceFirst(Pattern.quote("\"domain\":\"" + report.get(1).policyPublished().domain() + "\""), "\"domain\":\"other.example\"");
    assertThat(otherDomain).isNotEqualTo(second);

    codec.decode(DmarcJson.encode(report.get(0)));
    AggregateRecord decoded = codec.decode(otherDomain.getBytes(StandardCharsets.UTF_8));

    assertThat(decoded.policyPublished().domain()).isEqualTo("other.example");
    assertThat(decoded.record()).isEqualTo(report.get(1).record());
  }

  @Test
  void decodeShouldRefuseWhatTheMapperRefusesRightAfterAGoodRowOfTheSameReport() throws Exception {
    List<AggregateRecord> report = AggregateRecords.of(new ReportParser().parse(Fixtures.bytes("rfc7489-two-records.xml")));
    String json = new String(DmarcJson.encode(report.get(1)), StandardCharsets.UTF_8);
    int record = json.indexOf(",\"record\":") + ",\"record\":".length();
    int afterRecord = json.indexOf(",\"report_fingerprint\":");
    String row = json.substring(record, afterRecord);
    List<String> poison = List.of(
        json.substring(0, afterRecord) + ",\"surprise\":1" + json.substring(afterRecord),
        json.substring(0, record) + row + row + json.substring(afterRecord),
        json.substring(0, record) + "null" + json.substring(afterRecord),
        json.substring(0, record) + row.replace("\"index\":", "\"surprise\":1,\"index\":") + json.substring(afterRecord));

    for (String bad : poison) {
      assertThat(bad).isNotEqualTo(json);
      DmarcJson.decodeRecord(DmarcJson.encode(report.get(0)));
      assertThatThrownBy(() -> DmarcJson.decodeRecord(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad).isInstanceOf(UncheckedIOException.class).hasMessageStartingWith("not an aggregate record");
    }
  }

  @Test
  void codecShouldKnowEveryFieldOfTheRecord() {
    // a field added to AggregateRecord must be added to RecordCodec too
    assertThat(Arrays.stream(AggregateRecord.class.getRecordComponents()).map(RecordComponent::getName))
        .containsExactly("id", "reportKey", "reportFingerprint", "namespace", "version", "reportMetadata", "policyPublished", "record");
  }
}
