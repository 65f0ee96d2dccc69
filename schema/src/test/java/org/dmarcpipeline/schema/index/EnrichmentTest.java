package org.dmarcpipeline.schema.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnrichmentTest {

  @Test
  void spfNowThatAgreesShouldCarryItsVerdictOnly() {
    Enrichment.SpfNow now = Enrichment.SpfNow.of("example.com", "pass", null, "pass");

    assertThat(now).isEqualTo(new Enrichment.SpfNow("pass", true, null, null, null));
  }

  @Test
  void spfNowThatDisagreesShouldSayWhichDomainWhatWasReportedAndWhy() {
    Enrichment.SpfNow now = Enrichment.SpfNow.of("example.com", "fail", "192.0.2.1 is not in example.com's record", "pass");

    assertThat(now).isEqualTo(new Enrichment.SpfNow("fail", false, "example.com", "pass", "192.0.2.1 is not in example.com's record"));
  }

  @Test
  void spfNowWithoutAReportedResultShouldDisagreeAndKeepItsDetails() {
    assertThat(Enrichment.SpfNow.of("example.com", "pass", null, null).domain()).isEqualTo("example.com");
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
