package org.dmarcpipeline.schema.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RecordDocumentTest {

  @ParameterizedTest
  @CsvSource({
    "192.0.2.77,          192.0.2.0/24",
    "203.0.113.1,         203.0.113.0/24",
    "2001:db8:1:2:3::1,   2001:db8:1:2::/64",
    "2001:db8::1,         2001:db8::/64",
  })
  void networkShouldBeTheSlash24OrSlash64(String ip, String network) {
    assertThat(RecordDocument.network(ip)).isEqualTo(network);
  }

  @Test
  void daysShouldListEveryUtcDayOfTheReportPeriod() {
    assertThat(RecordDocument.days(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-01T23:59:59Z")))
        .containsExactly(LocalDate.parse("2026-11-01"));
    assertThat(RecordDocument.days(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z")))
        .containsExactly(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-02"));
    assertThat(RecordDocument.days(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")))
        .as("a bogus range makes no huge array").hasSize(31);
  }
}
