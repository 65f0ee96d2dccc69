package org.dmarcpipeline.schema.index;

import java.util.List;

/**
 * What the processor found in live DNS for one report row, indexed with it. Every check can be
 * {@code temperror} (DNS did not answer) or {@code unchecked} (over the lookup budget): neither is
 * ever a failure.
 *
 * @param source who the source IP is by forward-confirmed reverse DNS
 * @param alignment alignment recomputed from {@code auth_results} under the published modes
 * @param spfNow RFC 7208 {@code check_host()} for the source IP now, nullable without an SPF domain
 * @param dkimKeys the key each reported selector publishes now
 * @param dmarcNow the policy domain's DMARC record now
 */
public record Enrichment(
    Source source, Alignment alignment, SpfNow spfNow, List<DkimKey> dkimKeys, DmarcNow dmarcNow) {

  public Enrichment {
    dkimKeys = List.copyOf(dkimKeys);
  }

  /**
   * @param rdnsStatus {@code confirmed}, {@code unconfirmed}, {@code none}, {@code temperror},
   *     {@code unchecked}
   * @param service sending service of the base domain, nullable
   */
  public record Source(
      String rdnsStatus, String domain, String baseDomain, String service, String serviceType) {}

  /**
   * @param dkimRecomputed a DKIM signature passed, aligned with header_from
   * @param spfRecomputed SPF passed for an aligned MAIL FROM domain
   * @param dkimDisagrees the reporter's {@code policy_evaluated.dkim} says otherwise
   * @param spfDisagrees the reporter's {@code policy_evaluated.spf} says otherwise
   * @param headerFromOrgDomain organizational domain of header_from, by the PSL
   */
  public record Alignment(
      boolean dkimRecomputed,
      boolean spfRecomputed,
      boolean dmarcRecomputed,
      boolean dkimDisagrees,
      boolean spfDisagrees,
      String headerFromOrgDomain) {}

  /**
   * @param reported the SPF result the reporter gave for this domain, nullable
   * @param agrees the result now equals the reported one
   */
  public record SpfNow(String domain, String result, String explanation, String reported, boolean agrees) {}

  /** The key at {@code selector._domainkey.domain} now. */
  public record DkimKey(
      String selector, String domain, String status, String keyType, int bits, String strength, boolean testing) {}

  /**
   * @param status {@code found}, {@code none}, {@code multiple}, {@code invalid}, {@code
   *     temperror}, {@code unchecked}
   * @param drift tags that differ from the report's {@code policy_published}
   */
  public record DmarcNow(
      String status, String location, String p, String sp, String adkim, String aspf, Integer pct, List<String> drift) {
    public DmarcNow {
      drift = List.copyOf(drift);
    }
  }
}
