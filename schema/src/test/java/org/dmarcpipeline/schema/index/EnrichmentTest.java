package org.dmarcpipeline.schema.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnrichmentTest {

  @Test
  void spfNowThatAgreesShouldCarryItsVerdictOnly() {
    Enrichment.SpfNow now = Enrichment.SpfNow.of("example.com", "pass", null, "pass");

    assertThat(now).isEqualTo(new Enrichment.SpfNow("pass", null, null, null));
  }

  @Test
  void spfNowThatDisagreesShouldSayWhichDomainWhatWasReportedAndWhy() {
    Enrichment.SpfNow now = Enrichment.SpfNow.of("example.com", "fail", "192.0.2.1 is not in example.com's record", "pass");

    assertThat(now).isEqualTo(new Enrichment.SpfNow("fail", "example.com", "pass", "192.0.2.1 is not in example.com's record"));
  }

  @Test
  void spfNowWithoutAReportedResultShouldDisagreeAndKeepItsDetails() {
    assertThat(Enrichment.SpfNow.of("example.com", "pass", null, null).domain()).isEqualTo("example.com");
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
    assertThat(Enrichment.DkimKey.of("s1._domainkey.example.com", "present", "ok")).isNull();
  }

  @Test
  void shortOrWeakDkimKeyShouldBeIndexedWithItsStrengthAsStatus() {
    assertThat(Enrichment.DkimKey.of("s1._domainkey.example.com", "present", "short"))
        .isEqualTo(new Enrichment.DkimKey("s1._domainkey.example.com", "short"));
    assertThat(Enrichment.DkimKey.of("s1._domainkey.example.com", "present", "weak").status()).isEqualTo("weak");
  }

  @Test
  void brokenOrUncheckedDkimKeyShouldBeIndexedWithItsStatus() {
    for (String status : java.util.List.of("absent", "revoked", "invalid", "temperror", "unchecked")) {
      assertThat(Enrichment.DkimKey.of("s1._domainkey.example.com", status, null))
          .isEqualTo(new Enrichment.DkimKey("s1._domainkey.example.com", status));
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
