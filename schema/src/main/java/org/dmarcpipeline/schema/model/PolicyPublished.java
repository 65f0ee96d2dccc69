package org.dmarcpipeline.schema.model;

import java.util.Objects;

/**
 * {@code policy_published}: the DMARC record the receiver found when it applied the policy.
 *
 * @param domain the domain at which the DMARC record was found, lower case
 * @param adkim nullable when not reported (RFC default relaxed)
 * @param aspf nullable when not reported (RFC default relaxed)
 * @param p nullable only when the reporter omitted it (a warning says so)
 * @param sp nullable when not reported
 * @param pct nullable: RFC 9990 dropped it
 * @param fo nullable
 * @param np RFC 9990: policy for non-existent subdomains, nullable
 * @param testing RFC 9990: {@code y} when the policy is in test mode, {@code n} or null otherwise
 * @param discoveryMethod RFC 9990: {@code psl} or {@code treewalk}, nullable
 */
public record PolicyPublished(
    String domain,
    Alignment adkim,
    Alignment aspf,
    Disposition p,
    Disposition sp,
    Integer pct,
    String fo,
    Disposition np,
    String testing,
    String discoveryMethod) {
  public PolicyPublished {
    Objects.requireNonNull(domain, "domain");
  }
}
