package org.dmarcpipeline.schema.index;

import java.util.List;

/**
 * What the processor found in live DNS for one report row, indexed with it. Every check can be
 * {@code temperror} (DNS did not answer) or {@code unchecked} (over the lookup budget): neither is
 * ever a failure.
 *
 * <p>A row carries the verdicts that charts and alerts count messages by, and the details only where
 * a verdict says something is wrong: every field on every row costs Elasticsearch indexing time, and
 * the details of a good answer (the SPF domain and result the report already states, a key's bit
 * count behind its strength) would repeat on millions of rows what one look at DNS shows. The DMARC
 * record now is the same for every row of a report, so it is on the report's document ({@link
 * ReportDocument.DmarcNow}), not here.
 *
 * @param source who the source IP is by forward-confirmed reverse DNS
 * @param alignment where alignment recomputed from {@code auth_results} disagrees with the reporter
 * @param spfNow RFC 7208 {@code check_host()} for the source IP now, nullable without an SPF domain
 * @param dkimKeys the key each reported selector publishes now
 */
public record Enrichment(Source source, Alignment alignment, SpfNow spfNow, List<DkimKey> dkimKeys) {

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
   * Alignment recomputed from {@code auth_results} under the published modes, compared with the
   * reporter's {@code policy_evaluated}: where neither disagrees, the recomputed result is the
   * reporter's, so it is not indexed again.
   *
   * @param dkimDisagrees recomputed DKIM alignment differs from {@code policy_evaluated.dkim}
   * @param spfDisagrees recomputed SPF alignment differs from {@code policy_evaluated.spf}
   */
  public record Alignment(boolean dkimDisagrees, boolean spfDisagrees) {}

  /**
   * @param result the verdict now
   * @param agrees the result now equals the one the reporter gave
   * @param domain the domain evaluated; only when the result disagrees
   * @param reported the reporter's result; only when the result disagrees
   * @param explanation the record's {@code exp=} text or what made it fail; only when the result disagrees
   */
  public record SpfNow(String result, boolean agrees, String domain, String reported, String explanation) {

    /** The finding as indexed: the details of an agreeing verdict are on the row already. */
    public static SpfNow of(String domain, String result, String explanation, String reported) {
      boolean agrees = result.equals(reported);
      return agrees ? new SpfNow(result, true, null, null, null) : new SpfNow(result, false, domain, reported, explanation);
    }
  }

  /**
   * The key a reported signature's selector publishes now.
   *
   * @param location where the key is, {@code selector._domainkey.domain}: the name to fix
   * @param status {@code present}, {@code absent}, {@code revoked}, {@code invalid}, {@code
   *     temperror}, {@code unchecked}
   * @param strength {@code ok}, {@code short} or {@code weak} for a present key, else null
   */
  public record DkimKey(String location, String status, String strength) {

    private static final String KEYS = "._domainkey.";

    public static String location(String selector, String domain) {
      return selector + KEYS + domain;
    }

    /** The selector part of a {@link #location}, empty for a name that is not one. */
    public static String selector(String location) {
      int keys = location.indexOf(KEYS);
      return keys < 0 ? "" : location.substring(0, keys);
    }
  }
}
