package org.dmarcpipeline.cli.bench;

import com.google.common.util.concurrent.RateLimiter;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dmarcpipeline.processor.dns.CachingResolver;
import org.dmarcpipeline.processor.dns.DnsQuestion;
import org.dmarcpipeline.processor.dns.DnsResolver;
import org.dmarcpipeline.processor.dns.DnsjavaResolver;
import org.dmarcpipeline.processor.dns.LookupBudget;
import org.dmarcpipeline.processor.enrich.RowEnricher;
import org.dmarcpipeline.processor.rdns.ReverseDns;
import org.dmarcpipeline.processor.rdns.SendingServices;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.services.LocalNsd;

/**
 * DNS economy of the cross-check: questions sent to the DNS server per unique (name, type) the
 * enrichment asks, for a generated workload served by a local NSD whose TTLs outlast the run. The
 * target is 1.0: every unique question crosses the network once, however many rows ask it.
 */
public final class DnsBenchmark {

  private static final List<String> DOMAINS = List.of("example.com", "example.org", "shop.example.net", "example.co.uk");

  private final PrintWriter out;

  public DnsBenchmark(PrintWriter out) {
    this.out = out;
  }

  public void run(int reports, int maxRows, long seed) throws Exception {
    ReportGenerator generator = new ReportGenerator(seed);
    ReportParser parser = new ReportParser();
    List<AggregateRecord> rows = new ArrayList<>();
    for (int i = 0; i < reports; i++) {
      rows.addAll(AggregateRecords.of(parser.parse(generator.next(maxRows).xml())));
    }
    try (LocalNsd nsd = LocalNsd.start(zones())) {
      DnsjavaResolver network = new DnsjavaResolver(List.of(nsd.address()), Duration.ofSeconds(2), 1);
      Set<DnsQuestion> unique = ConcurrentHashMap.newKeySet();
      DnsResolver recording = question -> {
        unique.add(question);
        return network.lookup(question);
      };
      DnsResolver cache = new CachingResolver(recording, CachingResolver.Settings.DEFAULTS, Clock.systemUTC());
      DnsResolver counting = question -> {
        questionsAsked[0]++;
        return cache.lookup(question);
      };
      RowEnricher enricher = new RowEnricher(counting, new LookupBudget.Limits(100_000, 1_000_000),
          RateLimiter.create(1_000_000), new ReverseDns(SendingServices.bundled()));

      out.printf("Workload: %d generated reports, %,d rows; DNS: local NSD, TTL 3600 s%n", reports, rows.size());
      for (String pass : List.of("first pass (cold cache)", "second pass (warm cache)")) {
        long sentBefore = network.queries();
        long askedBefore = questionsAsked[0];
        long start = System.nanoTime();
        for (AggregateRecord row : rows) {
          enricher.enrich(row);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("%-26s %,8d questions asked, %,6d sent to DNS, %,8.0f rows/s%n", pass,
            questionsAsked[0] - askedBefore, network.queries() - sentBefore, rows.size() / seconds);
      }
      out.printf("unique (name, type) asked: %,d; sent to DNS in the whole run: %,d; ratio %.2f (target 1.0)%n",
          unique.size(), network.queries(), (double) network.queries() / unique.size());
      out.flush();
    }
  }

  private final long[] questionsAsked = {0};

  /** Zones for the generator's domains and address blocks; long TTLs so nothing expires mid-run. */
  private static Map<String, String> zones() {
    Map<String, String> zones = new LinkedHashMap<>();
    for (String domain : DOMAINS) {
      StringBuilder zone = new StringBuilder(soa(domain));
      zone.append("@ IN TXT \"v=spf1 ip4:192.0.2.0/24 ip4:203.0.113.0/24 ip6:2001:db8:1::/48 include:sendgrid.net -all\"\n");
      zone.append("_dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@").append(domain).append("\"\n");
      for (int s = 1; s <= 3; s++) {
        zone.append("s").append(s).append("._domainkey IN TXT \"v=DKIM1; p=MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMuY1yXj3a0sZ4Q6o8n8vQm0m2YF1mX0Yc8vQz3p8s3QmZcQx0a5b3G0gFzGZgYb1VbXzv0lJ2rj3q2Zt0r7g0ECAwEAAQ==\"\n");
      }
      zones.put(domain, zone.toString());
    }
    zones.put("sendgrid.net", soa("sendgrid.net") + "@ IN TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n"
        + "s1._domainkey IN TXT \"v=DKIM1; p=\"\n");
    for (String block : List.of("192.0.2", "198.51.100", "203.0.113")) {
      String[] octets = block.split("\\.");
      String reverse = octets[2] + "." + octets[1] + "." + octets[0] + ".in-addr.arpa";
      StringBuilder zone = new StringBuilder(soa(reverse));
      for (int host = 1; host <= 254; host++) {
        zone.append(host).append(" IN PTR mta").append(host).append(".example.com.\n");
      }
      zones.put(reverse, zone.toString());
    }
    StringBuilder hosts = new StringBuilder(zones.get("example.com"));
    for (int host = 1; host <= 254; host++) {
      hosts.append("mta").append(host).append(" IN A 192.0.2.").append(host).append('\n');
    }
    zones.put("example.com", hosts.toString());
    return zones;
  }

  private static String soa(String zone) {
    return "$ORIGIN " + zone + ".\n$TTL 3600\n@ IN SOA ns." + zone + ". hostmaster." + zone + ". 1 3600 600 86400 3600\n"
        + "@ IN NS ns\nns IN A 127.0.0.1\n";
  }
}
