package org.dmarcpipeline.processor.config;

import com.google.common.net.InetAddresses;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpipeline.processor.dns.DnsjavaResolver;
import org.dmarcpipeline.processor.dns.LookupBudget;
import org.dmarcpipeline.schema.config.Settings;

/**
 * The DNS cross-check's settings.
 *
 * @param servers recursive resolvers to ask, as IP literals with ports; empty means checks are off
 * @param ratePerSecond questions per second across all reports (the cache absorbs repeats)
 * @param pollBudget how long the checks of one poll's rows may keep asking; what does not fit is
 *     {@code unchecked}
 */
public record DnsSettings(
    List<InetSocketAddress> servers,
    Duration timeout,
    int retries,
    double ratePerSecond,
    LookupBudget.Limits budget,
    Duration pollBudget) {

  /**
   * A fifth of the consumer's default {@code max.poll.interval.ms} (5 minutes): room for the
   * lookup still under way at the deadline, the bulk requests and the commit.
   */
  public static final Duration DEFAULT_POLL_BUDGET = Duration.ofMinutes(1);

  public DnsSettings {
    servers = List.copyOf(servers);
  }

  /** With the default poll budget. */
  public DnsSettings(
      List<InetSocketAddress> servers, Duration timeout, int retries, double ratePerSecond, LookupBudget.Limits budget) {
    this(servers, timeout, retries, ratePerSecond, budget, DEFAULT_POLL_BUDGET);
  }

  public static DnsSettings disabled() {
    return new DnsSettings(List.of(), Duration.ofSeconds(3), 1, 50, LookupBudget.Limits.DEFAULTS);
  }

  public static DnsSettings of(List<InetSocketAddress> servers) {
    return new DnsSettings(servers, Duration.ofSeconds(3), 1, 50, LookupBudget.Limits.DEFAULTS);
  }

  public DnsSettings withPollBudget(Duration pollBudget) {
    return new DnsSettings(servers, timeout, retries, ratePerSecond, budget, pollBudget);
  }

  public boolean enabled() {
    return !servers.isEmpty();
  }

  /**
   * The longest the DNS checks can hold the poll loop between two polls: the poll budget, and the
   * lookup asked just before its end; zero when the checks are off.
   */
  public Duration longestPerPoll() {
    return enabled() ? pollBudget.plus(DnsjavaResolver.longestLookup(timeout, retries)) : Duration.ZERO;
  }

  /** Reads {@code dmarc.dns.*}; {@code dmarc.dns.servers} is {@code ip:port,...} (port 53 if left out). */
  public static DnsSettings from(Settings settings) {
    List<InetSocketAddress> servers = new ArrayList<>();
    for (String server : settings.list("dmarc.dns.servers")) {
      String host = server;
      int port = 53;
      int colon = server.lastIndexOf(':');
      if (server.startsWith("[")) {
        int close = server.indexOf(']');
        host = server.substring(1, close);
        port = close + 1 < server.length() ? Integer.parseInt(server.substring(close + 2)) : 53;
      } else if (colon > 0 && server.indexOf(':') == colon) {
        host = server.substring(0, colon);
        port = Integer.parseInt(server.substring(colon + 1));
      }
      if (!InetAddresses.isInetAddress(host)) {
        // never resolve a resolver's name through the system: that is the lookup we are replacing
        settings.problem("dmarc.dns.servers takes IP addresses, not names: " + server);
        continue;
      }
      servers.add(new InetSocketAddress(InetAddresses.forString(host), port));
    }
    Duration pollBudget = settings.duration("dmarc.dns.poll-budget", DEFAULT_POLL_BUDGET);
    if (pollBudget.isNegative() || pollBudget.isZero()) {
      settings.problem("dmarc.dns.poll-budget must be positive, not " + pollBudget);
    }
    return new DnsSettings(
        servers,
        settings.duration("dmarc.dns.timeout", Duration.ofSeconds(3)),
        settings.integer("dmarc.dns.retries", 1, 0, 5),
        settings.integer("dmarc.dns.rate-per-second", 50, 1, 100_000),
        new LookupBudget.Limits(
            settings.integer("dmarc.dns.max-names-per-report", 200, 1, 100_000),
            settings.integer("dmarc.dns.max-questions-per-report", 2000, 1, 1_000_000)),
        pollBudget);
  }
}
