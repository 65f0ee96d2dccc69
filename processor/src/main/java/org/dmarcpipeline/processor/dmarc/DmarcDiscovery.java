package org.dmarcpipeline.processor.dmarc;

import org.dmarcpipeline.schema.index.DmarcStatus;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.dmarcpipeline.processor.alignment.OrganizationalDomains;
import org.dmarcpipeline.processor.dns.DnsAnswer;
import org.dmarcpipeline.processor.dns.DnsQuestion;
import org.dmarcpipeline.processor.dns.DnsResolver;
import org.dmarcpipeline.schema.model.PolicyPublished;
import org.xbill.DNS.Type;

/**
 * Finds a domain's DMARC record as RFC 7489 6.6.3 says (the domain, then its organizational
 * domain) or, when the report says {@code discovery_method=treewalk}, by the RFC 9989 walk up the
 * DNS tree; and tells what changed since a report's {@code policy_published}.
 */
public final class DmarcDiscovery {

  /** RFC 9989 bounds the walk; eight questions cover every real name. */
  static final int MAX_TREEWALK_QUESTIONS = 8;

  /** Parsed records by their text: the same few records are read for every row. */
  private static final LoadingCache<String, DmarcRecord> PARSED =
      CacheBuilder.newBuilder().maximumSize(10_000).build(CacheLoader.from(DmarcRecord::parse));

  private DmarcDiscovery() {}

  public static DmarcNow discover(DnsResolver dns, String domain, boolean treewalk) {
    String name = domain.toLowerCase(Locale.ROOT);
    List<String> candidates = new ArrayList<>();
    if (treewalk) {
      String current = name;
      while (current.contains(".") && candidates.size() < MAX_TREEWALK_QUESTIONS) {
        candidates.add(current);
        current = current.substring(current.indexOf('.') + 1);
      }
    } else {
      candidates.add(name);
      String organizational = OrganizationalDomains.of(name);
      if (!organizational.equals(name)) {
        candidates.add(organizational);
      }
    }
    for (String candidate : candidates) {
      DmarcNow found = at(dns, candidate);
      if (found.status() != DmarcStatus.NONE) {
        return found;
      }
    }
    return DmarcNow.of(DmarcStatus.NONE);
  }

  private static DmarcNow at(DnsResolver dns, String domain) {
    String location = "_dmarc." + domain;
    DnsQuestion question;
    try {
      question = DnsQuestion.of(location, Type.TXT);
    } catch (IllegalArgumentException e) {
      return DmarcNow.of(DmarcStatus.NONE);
    }
    DnsAnswer answer = dns.lookup(question);
    return switch (answer) {
      case DnsAnswer.TemporaryFailure failure -> DmarcNow.of(DmarcStatus.TEMPERROR);
      case DnsAnswer.Unchecked over -> DmarcNow.of(DmarcStatus.UNCHECKED);
      case DnsAnswer.NotFound notFound -> DmarcNow.of(DmarcStatus.NONE);
      case DnsAnswer.Found found -> {
        List<String> records =
            answer.texts().stream().filter(t -> t.strip().toLowerCase(Locale.ROOT).startsWith("v=dmarc1")).toList();
        if (records.isEmpty()) {
          yield DmarcNow.of(DmarcStatus.NONE);
        }
        if (records.size() > 1) {
          yield new DmarcNow(DmarcStatus.MULTIPLE, location, PARSED.getUnchecked(records.get(0)), List.of());
        }
        DmarcRecord record = PARSED.getUnchecked(records.get(0));
        yield new DmarcNow(record.usable() ? DmarcStatus.FOUND : DmarcStatus.INVALID, location, record, List.of());
      }
    };
  }

  /** Differences between what a report says was published and what is published now. */
  public static List<String> drift(PolicyPublished reported, DmarcRecord now) {
    List<String> drift = new ArrayList<>();
    compare(drift, "p", reported.p(), now.p());
    compare(drift, "sp", reported.sp(), now.sp());
    compare(drift, "adkim", reported.adkim(), now.adkim());
    compare(drift, "aspf", reported.aspf(), now.aspf());
    if (reported.np() != null) {
      compare(drift, "np", reported.np(), now.np());
    }
    if (reported.pct() != null && reported.pct() != now.pct()) {
      drift.add("pct: report says " + reported.pct() + ", DNS now says " + now.pct());
    }
    return drift;
  }

  private static void compare(List<String> drift, String tag, Object reported, Object now) {
    if (reported != null && now != null && !Objects.equals(reported, now)) {
      drift.add(tag + ": report says " + word(reported) + ", DNS now says " + word(now));
    }
  }

  private static String word(Object value) {
    return value instanceof org.dmarcpipeline.schema.model.ResultWord word ? word.word() : String.valueOf(value);
  }
}
