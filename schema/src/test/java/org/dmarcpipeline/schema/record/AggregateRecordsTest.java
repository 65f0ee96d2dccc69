package org.dmarcpipeline.schema.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dmarcpipeline.schema.Fixtures;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AggregateRecordsTest {

  private static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(DmarcJson.recordSchema());

  private static AggregateReport parse(String fixture) throws Exception {
    return new ReportParser().parse(Fixtures.bytes(fixture));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "rfc7489-two-records.xml", "namespace-dmarc-2.0.xml", "quirk-org-name-empty.xml",
    "quirk-result-word-case.xml", "quirk-row-without-source-ip.xml", "quirk-empty-reason.xml"
  })
  void encodedRecordsShouldValidateAgainstTheJsonSchema(String fixture) throws Exception {
    for (AggregateRecord record : AggregateRecords.of(parse(fixture))) {
      String json = DmarcJson.encodeToString(record);

      assertThat(SCHEMA.validate(json, InputFormat.JSON)).as(json).isEmpty();
    }
  }

  @Test
  void schemaShouldRejectARecordWhenARequiredFieldIsMissing() throws Exception {
    String json = DmarcJson.encodeToString(AggregateRecords.of(parse("rfc7489-two-records.xml")).get(0))
        .replaceFirst("\"report_key\":\"[0-9a-f]+\",", "");

    assertThat(SCHEMA.validate(json, InputFormat.JSON)).isNotEmpty();
  }

  @Test
  void decodeShouldReturnTheSameRecordWhenEncodedFirst() throws Exception {
    for (AggregateRecord record : AggregateRecords.of(parse("rfc7489-two-records.xml"))) {
      assertThat(DmarcJson.decodeRecord(DmarcJson.encode(record))).isEqualTo(record);
    }
  }

  @Test
  void idsShouldBeStableAndDistinctWhenTheSameReportIsParsedTwice() throws Exception {
    List<AggregateRecord> first = AggregateRecords.of(parse("rfc7489-two-records.xml"));
    List<AggregateRecord> second = AggregateRecords.of(parse("rfc7489-two-records.xml"));

    assertThat(first).extracting(AggregateRecord::id).containsExactlyElementsOf(second.stream().map(AggregateRecord::id).toList());
    Set<String> ids = new HashSet<>(first.stream().map(AggregateRecord::id).toList());
    assertThat(ids).hasSize(first.size());
    assertThat(first.get(0).reportFingerprint()).isEqualTo(second.get(0).reportFingerprint());
  }

  @Test
  void fingerprintShouldDifferButKeyStayWhenAReportReusesAnIdWithOtherContent_V2() throws Exception {
    String original = new String(Fixtures.bytes("rfc7489-two-records.xml"), StandardCharsets.UTF_8);
    String edited = original.replace("<count>3</count>", "<count>4</count>");
    AggregateReport a = parse("rfc7489-two-records.xml");
    AggregateReport b = new ReportParser().parse(edited.getBytes(StandardCharsets.UTF_8));

    assertThat(a.identity().key()).isEqualTo(b.identity().key());
    assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
    assertThat(AggregateRecords.of(a).get(0).id()).as("both versions are kept").isNotEqualTo(AggregateRecords.of(b).get(0).id());
  }

  @Test
  void idsShouldNotShiftWhenARowBeforeThemIsSkipped() throws Exception {
    AggregateReport report = parse("quirk-row-without-source-ip.xml");

    List<AggregateRecord> records = AggregateRecords.of(report);

    assertThat(records.get(1).id()).isEqualTo(report.identity().recordId(report.fingerprint(), 2));
  }
}
