package org.dmarcpipeline.schema.index;

import java.util.List;
import org.dmarcpipeline.schema.model.SpfResult;

/**
 * What the processor found in live DNS for one report row, indexed with it. Every check can be
 * {@code temperror} (DNS did not answer) or {@code unchecked} (over the lookup budget): neither is
 * ever a failure.
 *
 * <p>A row carries who its source is and what SPF says now, the verdicts charts and alerts count
 * messages by; everything else only where something is wrong (ADR 8): alignment only where the
 * recomputation disagrees with the reporter, SPF's details only where its result changed, a key
 * only when it is not a healthy one. Every field on every row costs Elasticsearch indexing time,
 * and a "fine" repeated on millions of rows says what the row itself says already. The DMARC record
 * now is the same for every row of a report, so it is on the report's document ({@link
 * ReportDocument.DmarcNow}), not here.
 *
 * @param source who the source IP is by forward-confirmed reverse DNS
 * @param alignment where alignment recomputed from {@code auth_results} disagrees with the
 *     reporter, null where it agrees
 * @param spfNow RFC 7208 {@code check_host()} for the source IP now, nullable without an SPF domain
 * @param dkimKeys the domain owner's keys the row's signatures used (signing domains aligned with
 *     {@code header_from} under relaxed rules) that are not healthy now: absent, revoked, invalid,
 *     short or weak, or not checked; empty when every key is fine
 */
public record Enrichment(Source source, Alignment alignment, SpfNow spfNow, List<DkimKey> dkimKeys) {

  public Enrichment {
    dkimKeys = List.copyOf(dkimKeys);
  }

  /**
   * @param rdnsStatus never null
   * @param service sending service of the base domain, nullable
   */
  public record Source(
      RdnsStatus rdnsStatus, String domain, String baseDomain, String service, String serviceType) {}

  /**
   * Alignment recomputed from {@code auth_results} under the published modes, where it differs
   * from the reporter's {@code policy_evaluated}.
   *
   * @param disagrees {@code dkim}, {@code spf} or both: whose recomputed alignment differs
   */
  public record Alignment(List<String> disagrees) {

    public Alignment {
      disagrees = List.copyOf(disagrees);
    }

    /** The finding as indexed: none where the recomputation agrees with the reporter. */
    public static Alignment of(boolean dkimDisagrees, boolean spfDisagrees) {
      if (!dkimDisagrees && !spfDisagrees) {
        return null;
      }
      return new Alignment(dkimDisagrees && spfDisagrees ? List.of("dkim", "spf") : List.of(dkimDisagrees ? "dkim" : "spf"));
    }
  }

  /**
   * @param result the verdict now, never null
   * @param domain the domain evaluated; only when the result differs from the reported one
   * @param reported the reporter's result; only when it differs, so "SPF changed" is {@code
   *     spf_now.reported} being there
   * @param explanation the record's {@code exp=} text or what made it fail; only when the result differs
   */
  public record SpfNow(SpfNowResult result, String domain, SpfResult reported, String explanation) {

    /**
     * The finding as indexed: the details of an agreeing verdict are on the row already.
     *
     * @param reported nullable: a report may not say
     */
    public static SpfNow of(String domain, SpfNowResult result, String explanation, SpfResult reported) {
      return reported != null && result.word().equals(reported.word())
          ? new SpfNow(result, null, null, null)
          : new SpfNow(result, domain, reported, explanation);
    }
  }

  /**
   * A reported selector's key that is not healthy now.
   *
   * @param location where the key is, {@code selector._domainkey.domain}: the name to fix
   * @param status never null
   */
  public record DkimKey(String location, KeyFinding status) {

    private static final String KEYS = "._domainkey.";

    /**
     * The finding as indexed for a key the check found {@code status} with {@code strength}: none
     * for a present key of good strength, the strength as the status of a short or weak one.
     */
    public static DkimKey of(String location, KeyStatus status, KeyStrength strength) {
      KeyFinding finding = KeyFinding.of(status, strength);
      return finding == null ? null : new DkimKey(location, finding);
    }

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
