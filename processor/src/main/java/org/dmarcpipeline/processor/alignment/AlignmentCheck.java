package org.dmarcpipeline.processor.alignment;

import java.util.Locale;
import org.dmarcpipeline.schema.model.Alignment;
import org.dmarcpipeline.schema.model.AuthResults;
import org.dmarcpipeline.schema.model.DkimAuthResult;
import org.dmarcpipeline.schema.model.DkimResult;
import org.dmarcpipeline.schema.model.DmarcResult;
import org.dmarcpipeline.schema.model.PolicyEvaluated;
import org.dmarcpipeline.schema.model.SpfAuthResult;
import org.dmarcpipeline.schema.model.SpfResult;
import org.dmarcpipeline.schema.model.SpfScope;

/**
 * DMARC identifier alignment recomputed from a row's {@code auth_results} and {@code header_from}
 * under the published {@code adkim}/{@code aspf} (RFC 7489 3.1), and compared with what the
 * reporter said in {@code policy_evaluated}.
 */
public final class AlignmentCheck {

  /**
   * @param dkimAligned some DKIM signature passed with a {@code d=} aligned with header_from
   * @param spfAligned SPF passed for a MAIL FROM domain aligned with header_from
   * @param dkimDisagrees the reporter's {@code policy_evaluated.dkim} says otherwise
   * @param spfDisagrees the reporter's {@code policy_evaluated.spf} says otherwise
   */
  public record Result(boolean dkimAligned, boolean spfAligned, boolean dkimDisagrees, boolean spfDisagrees) {
    public boolean dmarcPass() {
      return dkimAligned || spfAligned;
    }
  }

  private AlignmentCheck() {}

  /** Null header_from means nothing can align. Absent adkim/aspf mean relaxed. */
  public static Result check(
      String headerFrom, AuthResults auth, Alignment adkim, Alignment aspf, PolicyEvaluated reported) {
    boolean dkim = false;
    boolean spf = false;
    if (headerFrom != null) {
      for (DkimAuthResult signature : auth.dkim()) {
        if (signature.result() == DkimResult.PASS && aligned(signature.domain(), headerFrom, adkim)) {
          dkim = true;
        }
      }
      for (SpfAuthResult check : auth.spf()) {
        // DMARC aligns the MAIL FROM identity; a HELO result does not count
        if (check.scope() != SpfScope.HELO && check.result() == SpfResult.PASS && aligned(check.domain(), headerFrom, aspf)) {
          spf = true;
        }
      }
    }
    return new Result(
        dkim,
        spf,
        reported.dkim() != null && (reported.dkim() == DmarcResult.PASS) != dkim,
        reported.spf() != null && (reported.spf() == DmarcResult.PASS) != spf);
  }

  /** RFC 7489 3.1.1 / 3.1.2: strict means equal, relaxed means same organizational domain. */
  public static boolean aligned(String domain, String headerFrom, Alignment mode) {
    if (domain == null || headerFrom == null) {
      return false;
    }
    String a = domain.toLowerCase(Locale.ROOT);
    String b = headerFrom.toLowerCase(Locale.ROOT);
    if (mode == Alignment.STRICT) {
      return a.equals(b);
    }
    return OrganizationalDomains.of(a).equals(OrganizationalDomains.of(b));
  }
}
