package org.dmarcpipeline.processor.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * as their TTL, so that they can be cached as long as the zone allows.
 */
public final class DnsjavaResolver implements DnsResolver {

  private static final int MAX_CNAME_DEPTH = 8;
  private static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofMinutes(5);

  private final Resolver resolver;
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
    ExtendedResolver extended = new ExtendedResolver(resolvers);
    extended.setTimeout(timeout);
    extended.setRetries(retries);
    extended.setLoadBalance(false);
    this.resolver = extended;
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
    for (int depth = 0; depth <= MAX_CNAME_DEPTH; depth++) {
      Message response;
      try {
        queries.incrementAndGet();
        Message query = Message.newQuery(Record.newRecord(name, question.type(), DClass.IN));
        query.getHeader().setFlag(Flags.RD);
        response = resolver.send(query);
      } catch (IOException e) {
        return new DnsAnswer.TemporaryFailure("no answer for " + question + ": " + e.getMessage());
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
