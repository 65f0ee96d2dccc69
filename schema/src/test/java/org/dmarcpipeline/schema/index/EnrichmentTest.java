package org.dmarcpipeline.schema.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.dmarcpipeline.schema.model.SpfResult;
import org.junit.jupiter.api.Test;

class EnrichmentTest {

  @Test
  void spfNowThatAgreesShouldCarryItsVerdictOnly() {
    Enrichment.SpfNow now = Enrichment.SpfNow.of("example.com", SpfNowResult.PASS, null, SpfResult.PASS);

    assertThat(now).isEqualTo(new Enrichment.SpfNow(SpfNowResult.PASS, null, null, null));
  }

  @Test
  void spfNowThatDisagreesShouldSayWhichDomainWhatWasReportedAndWhy() {
    Enrichment.SpfNow now = Enrichment.SpfNow.of("example.com", SpfNowResult.FAIL, "192.0.2.1 is not in example.com's record", SpfResult.PASS);

    assertThat(now).isEqualTo(new Enrichment.SpfNow(SpfNowResult.FAIL, "example.com", SpfResult.PASS, "192.0.2.1 is not in example.com's record"));
  }

  @Test
  void spfNowWithoutAReportedResultShouldDisagreeAndKeepItsDetails() {
    assertThat(Enrichment.SpfNow.of("example.com", SpfNowResult.PASS, null, null).domain()).isEqualTo("example.com");
  }

  @Test
  void alignmentThatAgreesShouldNotBeIndexed() {
    assertThat(Enrichment.Alignment.of(false, false)).isNull();
  }

  @Test
  void alignmentThatDisagreesShouldNameWhichIdentifier() {
    assertThat(Enrichment.Alignment.of(true, false).disagrees()).containsExactly("dkim");
    assertThat(Enrichment.Alignment.of(false, true).disagrees()).containsExactly("spf");
    assertThat(Enrichment.Alignment.of(true, true).disagrees()).containsExactly("dkim", "spf");
  }

  @Test
  void healthyDkimKeyShouldNotBeIndexed() {
    assertThat(Enrichment.DkimKey.of("s1._domainkey.example.com", KeyStatus.PRESENT, KeyStrength.OK)).isNull();
  }

  @Test
  void shortOrWeakDkimKeyShouldBeIndexedWithItsStrengthAsStatus() {
    assertThat(Enrichment.DkimKey.of("s1._domainkey.example.com", KeyStatus.PRESENT, KeyStrength.SHORT))
        .isEqualTo(new Enrichment.DkimKey("s1._domainkey.example.com", KeyFinding.SHORT));
    assertThat(Enrichment.DkimKey.of("s1._domainkey.example.com", KeyStatus.PRESENT, KeyStrength.WEAK).status()).isEqualTo(KeyFinding.WEAK);
  }

  @Test
  void brokenOrUncheckedDkimKeyShouldBeIndexedWithItsStatus() {
    for (KeyStatus status : java.util.List.of(KeyStatus.ABSENT, KeyStatus.REVOKED, KeyStatus.INVALID, KeyStatus.TEMPERROR, KeyStatus.UNCHECKED)) {
      assertThat(Enrichment.DkimKey.of("s1._domainkey.example.com", status, null))
          .isEqualTo(new Enrichment.DkimKey("s1._domainkey.example.com", KeyFinding.valueOf(status.name())));
    }
  }

  @Test
  void dkimKeyLocationShouldBeTheNameTheKeyIsPublishedAt() {
    assertThat(Enrichment.DkimKey.location("s1", "example.com")).isEqualTo("s1._domainkey.example.com");
  }

  @Test
  void dkimKeySelectorShouldBeReadBackFromItsLocation() {
    assertThat(Enrichment.DkimKey.selector(Enrichment.DkimKey.location("s1", "example.com"))).isEqualTo("s1");
    assertThat(Enrichment.DkimKey.selector("example.com")).isEmpty();
  }
}
