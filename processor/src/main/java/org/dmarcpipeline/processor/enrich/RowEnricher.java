package org.dmarcpipeline.processor.enrich;

import org.dmarcpipeline.schema.model.SpfResult;
import org.dmarcpipeline.schema.index.DnsFinding;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dmarcpipeline.processor.alignment.AlignmentCheck;
import org.dmarcpipeline.processor.config.DnsSettings;
import org.dmarcpipeline.processor.dkim.DkimKey;
import org.dmarcpipeline.processor.dkim.DkimKeyCheck;
import org.dmarcpipeline.processor.dmarc.DmarcDiscovery;
import org.dmarcpipeline.processor.dmarc.DmarcNow;
import org.dmarcpipeline.processor.dns.CachingResolver;
import org.dmarcpipeline.processor.dns.DnsResolver;
import org.dmarcpipeline.processor.dns.DnsjavaResolver;
import org.dmarcpipeline.processor.dns.LookupBudget;
import org.dmarcpipeline.processor.dns.LookupDeadline;
import org.dmarcpipeline.processor.rdns.ReverseDns;
import org.dmarcpipeline.processor.rdns.SendingServices;
import org.dmarcpipeline.processor.spf.SpfChecker;
import org.dmarcpipeline.processor.spf.SpfVerdict;
import org.dmarcpipeline.schema.index.Enrichment;
import org.dmarcpipeline.schema.index.RecordDocument;
import org.dmarcpipeline.schema.index.ReportDocument;
import org.dmarcpipeline.schema.model.Alignment;
import org.dmarcpipeline.schema.model.DkimAuthResult;
import org.dmarcpipeline.schema.model.ResultWord;
import org.dmarcpipeline.schema.model.SpfAuthResult;
import org.dmarcpipeline.schema.model.SpfScope;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.ReportSummary;

/**
 * Cross-checks one report row against live DNS: who the source is, alignment recomputed, SPF now,
 * the domain owner's DKIM keys now; and once per report, the DMARC record now. Lookups go through
 * the shared cache and count against the report's budget, so rows of one report share one budget
 * however they are spread over partitions and polls; in the poll loop they also share the poll's
 * deadline ({@link #deadlineForPoll}), so rows of all reports together take bounded time.
 */
public final class RowEnricher implements DnsChecks {

  private final DnsResolver cache;
  private final LookupBudget.Limits limits;
  private final RateLimiter rate;
  private final ReverseDns reverseDns;
  private final Duration pollBudget;
  private final SpfChecker spf = new SpfChecker();
  /**
   * Findings for a few minutes: SPF verdicts by (IP, domain), reverse DNS by IP, keys by location.
   * Working them out again from cached DNS answers costs far more than remembering them (SPF
   * evaluation most, then building reverse names and decoding TXT strings), and a report repeats
   * the same IPs, domains and selectors row after row. A finding from a failed or withheld lookup
   * is never kept.
   */
  private static final Duration FINDINGS_KEPT = Duration.ofMinutes(5);

  private final Cache<String, SpfVerdict> spfVerdicts = findings();
  private final Cache<String, ReverseDns.Result> reverseNames = findings();
  private final Cache<String, DkimKey> keys = findings();

  private final Cache<String, LookupBudget> budgets =
      CacheBuilder.newBuilder().expireAfterAccess(Duration.ofMinutes(30)).maximumSize(10_000).build();

  /**
   * The cross-check as the processor runs it: the servers of {@code dns} behind the shared answer
   * cache, its per-report budgets and its rate.
   */
  public static RowEnricher of(DnsSettings dns) {
    DnsResolver cache =
        new CachingResolver(new DnsjavaResolver(dns.servers(), dns.timeout(), dns.retries()), CachingResolver.Settings.DEFAULTS, Clock.systemUTC());
    return new RowEnricher(cache, dns.budget(), RateLimiter.create(dns.ratePerSecond()), new ReverseDns(SendingServices.bundled()),
        dns.pollBudget());
  }

  /** With the default poll budget. */
  public RowEnricher(DnsResolver cache, LookupBudget.Limits limits, RateLimiter rate, ReverseDns reverseDns) {
    this(cache, limits, rate, reverseDns, DnsSettings.DEFAULT_POLL_BUDGET);
  }

  /** @param pollBudget the time the checks of one poll may keep asking, see {@link #deadlineForPoll} */
  public RowEnricher(DnsResolver cache, LookupBudget.Limits limits, RateLimiter rate, ReverseDns reverseDns, Duration pollBudget) {
    this.cache = cache;
    this.limits = limits;
    this.rate = rate;
    this.reverseDns = reverseDns;
    this.pollBudget = pollBudget;
  }

  @Override
  public LookupDeadline deadlineForPoll() {
    return LookupDeadline.after(pollBudget);
  }

  /** The row checked without a deadline: outside the poll loop. */
  public Enrichment enrich(AggregateRecord row) {
    return enrich(row, LookupDeadline.NONE);
  }

  /** The row checked as far as {@code deadline} allows; what is not asked by then says {@code unchecked}. */
  public Enrichment enrich(AggregateRecord row, LookupDeadline deadline) {
    DnsResolver dns = budget(row.reportKey()).until(deadline);
    var record = row.record();
    var policy = row.policyPublished();
    String headerFrom = record.identifiers().headerFrom();

    ReverseDns.Result rdns = remembered(reverseNames, record.row().sourceIp().value(),
        () -> reverseDns.lookup(dns, record.row().sourceIp().address()), ReverseDns.Result::status);
    AlignmentCheck.Result alignment =
        AlignmentCheck.check(headerFrom, record.authResults(), policy.adkim(), policy.aspf(), record.row().policyEvaluated());

    Enrichment.SpfNow spfNow = null;
    SpfAuthResult spfReported = spfIdentity(record.authResults().spf());
    String spfDomain = spfReported != null ? spfReported.domain() : record.identifiers().envelopeFrom();
    if (spfDomain != null) {
      SpfVerdict verdict = spfVerdict(dns, record.row().sourceIp().value(), spfDomain);
      SpfResult reported = spfReported == null ? null : spfReported.result();
      spfNow = Enrichment.SpfNow.of(spfDomain, verdict.result(), verdict.explanation(), reported);
    }

    // only keys the domain's owner signs with: a third party's (a spoofer's, a sending service's
    // own d=) cannot align with header_from and is not theirs to fix
    String owner = headerFrom != null ? headerFrom : policy.domain();
    List<Enrichment.DkimKey> keysNow = new ArrayList<>();
    for (DkimAuthResult signature : record.authResults().dkim()) {
      if (signature.selector() != null && AlignmentCheck.aligned(signature.domain(), owner, Alignment.RELAXED)) {
        String location = Enrichment.DkimKey.location(signature.selector(), signature.domain());
        DkimKey key = remembered(keys, location, () -> DkimKeyCheck.check(dns, signature.selector(), signature.domain()), DkimKey::status);
        Enrichment.DkimKey finding = Enrichment.DkimKey.of(location, key.status(), key.strength());
        if (finding != null) {
          keysNow.add(finding);
        }
      }
    }

    return new Enrichment(
        new Enrichment.Source(rdns.status(), rdns.name(), rdns.baseDomain(), rdns.service(), rdns.serviceType()),
        Enrichment.Alignment.of(alignment.dkimDisagrees(), alignment.spfDisagrees()),
        spfNow,
        keysNow);
  }

  /**
   * The report's policy domain's DMARC record now and how it drifted from the published policy the
   * report states. Asked once per report, under the report's budget like its rows.
   */
  public ReportDocument.DmarcNow dmarcNow(ReportSummary report) {
    return dmarcNow(report, LookupDeadline.NONE);
  }

  /** {@link #dmarcNow(ReportSummary)} as far as {@code deadline} allows. */
  public ReportDocument.DmarcNow dmarcNow(ReportSummary report, LookupDeadline deadline) {
    var policy = report.policyPublished();
    DmarcNow now = DmarcDiscovery.discover(budget(report.reportKey()).until(deadline), policy.domain(), "treewalk".equals(policy.discoveryMethod()));
    List<String> drift = now.record() != null && now.record().usable() ? DmarcDiscovery.drift(policy, now.record()) : List.of();
    var dmarc = now.record();
    return new ReportDocument.DmarcNow(
        now.status(), now.location(),
        dmarc == null ? null : word(dmarc.p()), dmarc == null ? null : word(dmarc.sp()),
        dmarc == null ? null : word(dmarc.adkim()), dmarc == null ? null : word(dmarc.aspf()),
        dmarc == null ? null : dmarc.pct(), drift);
  }

  @Override
  public RecordDocument rowDocument(AggregateRecord row, LookupDeadline deadline) {
    return RecordDocument.of(row, enrich(row, deadline));
  }

  @Override
  public ReportDocument reportDocument(ReportSummary report, boolean reportIdReused, LookupDeadline deadline) {
    return ReportDocument.of(report, reportIdReused, dmarcNow(report, deadline));
  }

  private SpfVerdict spfVerdict(DnsResolver dns, String ip, String domain) {
    return remembered(spfVerdicts, ip + " " + domain, () -> spf.check(dns, ip, "postmaster@" + domain, domain), SpfVerdict::result);
  }

  private static <T> Cache<String, T> findings() {
    return CacheBuilder.newBuilder().expireAfterWrite(FINDINGS_KEPT).maximumSize(200_000).build();
  }

  /** The kept finding for {@code key}, else a new one, kept unless its status says a lookup failed. */
  private static <T> T remembered(Cache<String, T> kept, String key, Supplier<T> find, Function<T, DnsFinding> status) {
    T finding = kept.getIfPresent(key);
    if (finding == null) {
      finding = find.get();
      if (!status.apply(finding).unanswered()) {
        kept.put(key, finding);
      }
    }
    return finding;
  }

  /** The MAIL FROM result if there is one (what DMARC aligns), else the first. */
  private static SpfAuthResult spfIdentity(List<SpfAuthResult> results) {
    for (SpfAuthResult result : results) {
      if (result.scope() != SpfScope.HELO && result.domain() != null) {
        return result;
      }
    }
    return results.stream().filter(r -> r.domain() != null).findFirst().orElse(null);
  }

  private LookupBudget budget(String reportKey) {
    try {
      return budgets.get(reportKey, () -> new LookupBudget(cache, limits, rate, Duration.ofSeconds(2)));
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String word(ResultWord word) {
    return word == null ? null : word.word();
  }
}
