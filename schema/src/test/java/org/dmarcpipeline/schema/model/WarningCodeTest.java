package org.dmarcpipeline.schema.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.junit.jupiter.api.Test;

class WarningCodeTest {

  @Test
  void wordsShouldBeTheConstantNamesInLowerCaseAndUnique() {
    for (WarningCode code : WarningCode.values()) {
      assertThat(code.word()).isEqualTo(code.name().toLowerCase(java.util.Locale.ROOT)).matches("[a-z]+(_[a-z]+)*");
    }
    assertThat(Arrays.stream(WarningCode.values()).map(WarningCode::word)).doesNotHaveDuplicates();
  }

  @Test
  void skipsRowShouldHoldForExactlyTheWarningsOfARecordNotKept() {
    assertThat(Arrays.stream(WarningCode.values()).filter(WarningCode::skipsRow))
        .containsExactlyInAnyOrder(
            WarningCode.FIELD_INVALID,
            WarningCode.ROW_MISSING,
            WarningCode.SOURCE_IP_MISSING,
            WarningCode.SOURCE_IP_INVALID,
            WarningCode.COUNT_INVALID);
  }

  @Test
  void jsonShouldWriteTheCodeAsItsWordAndReadItBack() throws Exception {
    ParseWarning warning = new ParseWarning(WarningCode.COUNT_INVALID, "record[2].row.count", "count missing; row skipped");

    String json = DmarcJson.encodeToString(warning);

    assertThat(json).isEqualTo("{\"code\":\"count_invalid\",\"message\":\"count missing; row skipped\",\"where\":\"record[2].row.count\"}");
    assertThat(DmarcJson.mapper().readValue(json, ParseWarning.class)).isEqualTo(warning);
  }

  @Test
  void aRetiredCodeShouldStillBeReadFromSummariesAnEarlierReleaseWrote() throws Exception {
    String json = "{\"code\":\"date_range_future\",\"message\":\"report period begins in the future\",\"where\":\"report_metadata.date_range.begin\"}";

    assertThat(DmarcJson.mapper().readValue(json, ParseWarning.class).code()).isEqualTo(WarningCode.DATE_RANGE_FUTURE);
  }
}
