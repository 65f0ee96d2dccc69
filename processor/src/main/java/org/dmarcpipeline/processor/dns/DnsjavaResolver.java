package org.dmarcpipeline.processor.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/**
 * Asks real DNS servers through dnsjava: configured servers only (never the system resolver and
 * never {@code InetAddress} name resolution), UDP with TCP fallback on truncation, timeouts and
 * retries, CNAME chains followed to a small depth. Negative answers carry the zone's SOA minimum
 * as their TTL, so that they can be cached as long as the zone allows. One lookup, CNAMEs followed
 * included, never takes longer than {@link #longestLookup}: a server that never answers costs a
 * known time (case D3).
 */
public final class DnsjavaResolver implements DnsResolver {

  private static final int MAX_CNAME_DEPTH = 8;
  private static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofMinutes(5);

  private final Resolver resolver;
  private final Duration longest;
  private final AtomicLong queries = new AtomicLong();

  /**
   * @param servers {@code host:port} literals (IP addresses, not names)
   */
  public DnsjavaResolver(List<InetSocketAddress> servers, Duration timeout, int retries) {
    List<Resolver> resolvers = new ArrayList<>();
    for (InetSocketAddress server : servers) {
      SimpleResolver simple = new SimpleResolver(server);
      simple.setTimeout(timeout);
      resolvers.add(simple);
    }
    this.longest = longestLookup(timeout, retries);
    ExtendedResolver extended = new ExtendedResolver(resolvers);
    // dnsjava's own bound on one question over all servers and tries; with only the per-try
    // timeout here, a second server was never asked once the first let a try time out
    extended.setTimeout(longest);
    extended.setRetries(retries);
    extended.setLoadBalance(false);
    this.resolver = extended;
  }

  /**
   * The longest one lookup may take: {@code timeout} for the first try and for each retry. What
   * budgets the poll loop's time counts on (a lookup asked just before a poll's deadline may end
   * this much after it).
   */
  public static Duration longestLookup(Duration timeout, int retries) {
    return timeout.multipliedBy(retries + 1L);
  }

  /** Questions sent to the servers so far (for budgets and benchmarks). */
  public long queries() {
    return queries.get();
  }

  @Override
  public DnsAnswer lookup(DnsQuestion question) {
    Name name = question.name();
    List<Record> found = new ArrayList<>();
    long minTtl = Long.MAX_VALUE;
    long end = System.nanoTime() + longest.toNanos();
    for (int depth = 0; depth <= MAX_CNAME_DEPTH; depth++) {
      Message response;
      try {
        queries.incrementAndGet();
        Message query = Message.newQuery(Record.newRecord(name, question.type(), DClass.IN));
        query.getHeader().setFlag(Flags.RD);
        // the chain's questions share one bound: eight slow CNAMEs must not take eight timeouts
        response = resolver.sendAsync(query).toCompletableFuture().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return new DnsAnswer.TemporaryFailure("no answer within " + longest + " for " + question);
      } catch (ExecutionException e) {
        return new DnsAnswer.TemporaryFailure("no answer for " + question + ": " + e.getCause().getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new DnsAnswer.TemporaryFailure("interrupted while asking " + question);
      }
      int rcode = response.getRcode();
      if (rcode == Rcode.NXDOMAIN) {
        return new DnsAnswer.NotFound(true, negativeTtl(response));
      }
      if (rcode != Rcode.NOERROR) {
        return new DnsAnswer.TemporaryFailure(Rcode.string(rcode) + " for " + question);
      }
      Name next = null;
      for (Record record : response.getSection(Section.ANSWER)) {
        if (record.getType() == question.type()) {
          found.add(record);
          minTtl = Math.min(minTtl, record.getTTL());
        } else if (record instanceof CNAMERecord cname && record.getName().equals(name)) {
          next = cname.getTarget();
          minTtl = Math.min(minTtl, record.getTTL());
        }
      }
      if (!found.isEmpty()) {
        return new DnsAnswer.Found(found, Duration.ofSeconds(minTtl));
      }
      if (next == null) {
        return new DnsAnswer.NotFound(false, negativeTtl(response));
      }
      name = next; // an authoritative server does not chase a CNAME out of its zone: ask again
    }
    return new DnsAnswer.TemporaryFailure("CNAME chain longer than " + MAX_CNAME_DEPTH + " for " + question);
  }

  private static Duration negativeTtl(Message response) {
    for (Record record : response.getSection(Section.AUTHORITY)) {
      if (record instanceof SOARecord soa) {
        return Duration.ofSeconds(Math.min(soa.getMinimum(), soa.getTTL()));
      }
    }
    return DEFAULT_NEGATIVE_TTL;
  }
}
