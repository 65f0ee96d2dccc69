package org.dmarcpipeline.processor.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A shared cache in front of a resolver: each (name, type) is asked at most once per TTL.
 * Negative answers are cached for their SOA minimum; temporary failures only briefly, so that a
 * flaky server is asked again soon but not hammered. A floor on the TTL keeps TTL=0 records from
 * causing a query per row (case D7).
 */
public final class CachingResolver implements DnsResolver {

  /** Limits of the cache. */
  public record Settings(Duration minTtl, Duration maxTtl, Duration failureTtl, int maxEntries) {
    public static final Settings DEFAULTS =
        new Settings(Duration.ofSeconds(30), Duration.ofDays(1), Duration.ofSeconds(60), 100_000);
  }

  private record Cached(DnsAnswer answer, Instant expires) {}

  private final DnsResolver next;
  private final Settings settings;
  private final Clock clock;
  private final Map<DnsQuestion, Cached> entries;

  public CachingResolver(DnsResolver next, Settings settings, Clock clock) {
    this.next = next;
    this.settings = settings;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<DnsQuestion, Cached> eldest) {
            return size() > settings.maxEntries();
          }
        };
  }

  @Override
  public DnsAnswer lookup(DnsQuestion question) {
    Instant now = clock.instant();
    synchronized (entries) {
      Cached cached = entries.get(question);
      if (cached != null && cached.expires().isAfter(now)) {
        return cached.answer();
      }
    }
    // asked outside the lock: one slow server must not block every other question
    DnsAnswer answer = next.lookup(question);
    Duration ttl = ttl(answer);
    if (!ttl.isZero()) {
      synchronized (entries) {
        entries.put(question, new Cached(answer, now.plus(ttl)));
      }
    }
    return answer;
  }

  private Duration ttl(DnsAnswer answer) {
    return switch (answer) {
      case DnsAnswer.Found found -> bounded(found.ttl());
      case DnsAnswer.NotFound notFound -> bounded(notFound.ttl());
      case DnsAnswer.TemporaryFailure failure -> settings.failureTtl();
      case DnsAnswer.Unchecked unchecked -> Duration.ZERO; // a budget is per report, not global
    };
  }

  private Duration bounded(Duration ttl) {
    if (ttl.compareTo(settings.minTtl()) < 0) {
      return settings.minTtl();
    }
    return ttl.compareTo(settings.maxTtl()) > 0 ? settings.maxTtl() : ttl;
  }
}
