package org.dmarcpipeline.schema.model;

import java.util.List;

/**
 * {@code policy_evaluated}: what the receiver did with the messages of a row and why.
 *
 * @param disposition nullable only when missing from the report (warned)
 * @param dkim DMARC-aligned DKIM result, nullable only when missing (warned)
 * @param spf DMARC-aligned SPF result, nullable only when missing (warned)
 * @param reason never null, often empty
 */
public record PolicyEvaluated(
    Disposition disposition, DmarcResult dkim, DmarcResult spf, List<PolicyOverrideReason> reason) {
  public PolicyEvaluated {
    reason = List.copyOf(reason);
  }

  /** DMARC passes when either aligned identifier passes. */
  public boolean dmarcPass() {
    return dkim == DmarcResult.PASS || spf == DmarcResult.PASS;
  }
}
