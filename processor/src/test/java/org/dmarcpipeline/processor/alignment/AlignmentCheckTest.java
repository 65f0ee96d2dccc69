package org.dmarcpipeline.processor.alignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dmarcpipeline.schema.model.Alignment;
import org.dmarcpipeline.schema.model.AuthResults;
import org.dmarcpipeline.schema.model.DkimAuthResult;
import org.dmarcpipeline.schema.model.DkimResult;
import org.dmarcpipeline.schema.model.DmarcResult;
import org.dmarcpipeline.schema.model.PolicyEvaluated;
import org.dmarcpipeline.schema.model.SpfAuthResult;
import org.dmarcpipeline.schema.model.SpfResult;
import org.dmarcpipeline.schema.model.SpfScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlignmentCheckTest {

  @ParameterizedTest(name = "{0} vs {1} ({2}): {3}")
  @CsvSource({
    "example.com,            example.com,        s, true",
    "mail.example.com,       example.com,        s, false",
    "mail.example.com,       example.com,        r, true",
    "bounces.example.co.uk,  news.example.co.uk, r, true",
    "example.co.uk,          other.co.uk,        r, false",
    "a.foo.blogspot.com,     b.foo.blogspot.com, r, true",
    "foo.blogspot.com,       bar.blogspot.com,   r, false",
    "sendgrid.net,           example.com,        r, false",
    "EXAMPLE.com,            example.COM,        s, true",
  })
  void alignedShouldFollowStrictAndRelaxedModes(String domain, String headerFrom, String mode, boolean aligned) {
    Alignment alignment = mode.equals("s") ? Alignment.STRICT : Alignment.RELAXED;

    assertThat(AlignmentCheck.aligned(domain, headerFrom, alignment)).isEqualTo(aligned);
  }

  @ParameterizedTest(name = "dkim d={0} {1}, spf {2} {3} {4}: aligned dkim={5} spf={6}")
  @CsvSource({
    "example.com,   pass, example.com,        mfrom, pass, true,  true",
    "sendgrid.net,  pass, bounce.example.com, mfrom, pass, false, true",
    "example.com,   fail, example.com,        mfrom, fail, false, false",
    "example.com,   pass, example.com,        helo,  pass, true,  false",
  })
  void checkShouldRecomputeAlignmentFromAuthResults(
      String dkimDomain, String dkimResult, String spfDomain, String scope, String spfResult, boolean dkim, boolean spf) {
    AuthResults auth = new AuthResults(
        List.of(new DkimAuthResult(dkimDomain, "s1", DkimResult.valueOf(dkimResult.toUpperCase()), null)),
        List.of(new SpfAuthResult(spfDomain, SpfScope.valueOf(scope.toUpperCase()), SpfResult.valueOf(spfResult.toUpperCase()), null)));
    PolicyEvaluated reported = new PolicyEvaluated(null, DmarcResult.PASS, DmarcResult.PASS, List.of());

    AlignmentCheck.Result result = AlignmentCheck.check("example.com", auth, Alignment.RELAXED, Alignment.RELAXED, reported);

    assertThat(result.dkimAligned()).isEqualTo(dkim);
    assertThat(result.spfAligned()).isEqualTo(spf);
    assertThat(result.dkimDisagrees()).isEqualTo(!dkim);
    assertThat(result.spfDisagrees()).isEqualTo(!spf);
  }
}
