package org.dmarcpipeline.processor.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import org.dmarcpipeline.schema.model.Alignment;
import org.dmarcpipeline.schema.model.Disposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DmarcRecordTest {

  @Test
  void parseShouldReadEveryTagWhenTheRecordIsComplete() {
    DmarcRecord record = DmarcRecord.parse(
        "v=DMARC1; p=reject; sp=quarantine; np=reject; adkim=s; aspf=r; pct=50; t=y; fo=1; "
            + "rua=mailto:a@example.com,mailto:b@example.net; ruf=mailto:f@example.com");

    assertThat(record.errors()).isEmpty();
    assertThat(record.p()).isEqualTo(Disposition.REJECT);
    assertThat(record.sp()).isEqualTo(Disposition.QUARANTINE);
    assertThat(record.np()).isEqualTo(Disposition.REJECT);
    assertThat(record.adkim()).isEqualTo(Alignment.STRICT);
    assertThat(record.aspf()).isEqualTo(Alignment.RELAXED);
    assertThat(record.pct()).isEqualTo(50);
    assertThat(record.testing()).isTrue();
    assertThat(record.rua()).containsExactly("mailto:a@example.com", "mailto:b@example.net");
    assertThat(record.fo()).isEqualTo("1");
  }

  @Test
  void parseShouldApplyTheRfcDefaultsWhenTagsAreAbsent() {
    DmarcRecord record = DmarcRecord.parse("v=DMARC1; p=none");

    assertThat(record.sp()).isEqualTo(Disposition.NONE);
    assertThat(record.np()).isEqualTo(Disposition.NONE);
    assertThat(record.adkim()).isEqualTo(Alignment.RELAXED);
    assertThat(record.pct()).isEqualTo(100);
    assertThat(record.testing()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "p=reject; v=DMARC1              | the record must start with v=DMARC1",
    "v=DMARC1                        | tag p is missing",
    "v=DMARC1; p=block               | p must be none, quarantine or reject",
    "v=DMARC1; p=none; pct=150       | pct must be 0 to 100",
    "v=DMARC1; p=none; adkim=x       | adkim must be r or s",
    "v=DMARC1; p=none; p=reject      | tag p appears twice",
  })
  void parseShouldNameTheProblemWhenTheRecordIsBroken(String text, String problem) {
    assertThat(DmarcRecord.parse(text).errors()).anyMatch(e -> e.contains(problem));
  }
}
