package org.dmarcpipeline.cli.bench;

import com.google.common.util.concurrent.RateLimiter;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    try (LocalNsd nsd = LocalNsd.start(org.dmarcpipeline.testing.generate.GeneratedZones.zones())) {
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


}
