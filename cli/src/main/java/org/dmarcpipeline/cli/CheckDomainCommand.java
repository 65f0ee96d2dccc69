package org.dmarcpipeline.cli;

import org.dmarcpipeline.schema.index.SpfNowResult;
import org.dmarcpipeline.schema.index.KeyStrength;
import org.dmarcpipeline.schema.index.KeyStatus;
import com.google.common.net.InetAddresses;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dmarcpipeline.processor.dkim.DkimKey;
import org.dmarcpipeline.processor.dkim.DkimKeyCheck;
import org.dmarcpipeline.processor.dmarc.DmarcDiscovery;
import org.dmarcpipeline.processor.dmarc.DmarcNow;
import org.dmarcpipeline.processor.dns.DnsResolver;
import org.dmarcpipeline.processor.dns.DnsjavaResolver;
import org.dmarcpipeline.processor.spf.SpfChecker;
import org.dmarcpipeline.processor.spf.SpfRecordTree;
import org.dmarcpipeline.processor.spf.SpfVerdict;
import org.xbill.DNS.ResolverConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmarc check-domain}: a domain's DMARC, SPF and DKIM health from live DNS. */
@Command(
    name = "check-domain",
    description = {
      "Check a domain's DMARC record, SPF (record, includes, lookup count, verdict for given IPs)",
      "and DKIM selectors in live DNS. Exit 1 when something is broken, 0 when all is well."
    })
final class CheckDomainCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DOMAIN")
  String domain;

  @Option(names = "--selector", description = "DKIM selector to check (repeatable)")
  List<String> selectors = new ArrayList<>();

  @Option(names = "--ip", description = "source IP to evaluate SPF for (repeatable)")
  List<String> ips = new ArrayList<>();

  @Option(names = "--dns", description = "DNS server ip[:port] (repeatable); default: the system's resolvers")
  List<String> servers = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DnsResolver dns = new DnsjavaResolver(servers(), Duration.ofSeconds(3), 1);
    List<String> broken = new ArrayList<>();

    DmarcNow dmarc = DmarcDiscovery.discover(dns, domain, false);
    out.printf("DMARC  %s%n", dmarc.location() == null ? "_dmarc." + domain : dmarc.location());
    switch (dmarc.status()) {
      case FOUND -> {
        var record = dmarc.record();
        out.printf("       p=%s sp=%s adkim=%s aspf=%s pct=%d%s%n", record.p().word(), record.sp().word(),
            record.adkim().word(), record.aspf().word(), record.pct(), record.testing() ? " (testing)" : "");
        out.printf("       rua=%s%n", record.rua().isEmpty() ? "(none: no aggregate reports will be sent)" : String.join(",", record.rua()));
        record.errors().forEach(e -> out.printf("       problem: %s%n", e));
        if (record.p().word().equals("none")) {
          out.println("       note: p=none only monitors; move to quarantine or reject once sources pass");
        }
      }
      default -> {
        out.printf("       %s%n", dmarc.status().word());
        broken.add("DMARC " + dmarc.status().word());
      }
    }

    SpfRecordTree tree = SpfRecordTree.of(dns, domain);
    out.printf("SPF    %s: %d of 10 DNS-querying terms%n", domain, tree.lookups());
    for (SpfRecordTree.Node node : tree.nodes()) {
      out.printf("       %s%s: %s%n", "  ".repeat(node.depth()), node.domain(),
          node.problem() == null ? node.record() : node.problem() + (node.record() == null ? "" : " " + node.record()));
      if (node.problem() != null) {
        broken.add("SPF " + node.domain() + ": " + node.problem());
      }
    }
    if (tree.lookups() > 10) {
      broken.add("SPF uses " + tree.lookups() + " DNS-querying terms, more than 10 (permerror)");
    }
    for (String ip : ips) {
      SpfVerdict verdict = new SpfChecker().check(dns, ip, "postmaster@" + domain, domain);
      out.printf("       %s: %s%s%n", ip, verdict.result().word(), verdict.explanation() == null ? "" : " (" + verdict.explanation() + ")");
      if (verdict.result() == SpfNowResult.PERMERROR) {
        broken.add("SPF permerror for " + ip);
      }
    }

    for (String selector : selectors) {
      DkimKey key = DkimKeyCheck.check(dns, selector, domain);
      out.printf("DKIM   %s._domainkey.%s: %s%s%s%n", selector, domain, key.status().word(),
          key.bits() > 0 ? ", " + key.keyType() + " " + key.bits() + " bits (" + key.strength().word() + ")" : "",
          key.testing() ? ", testing" : "");
      boolean weak = key.strength() == KeyStrength.WEAK;
      if (key.status() != KeyStatus.PRESENT || weak) {
        broken.add("DKIM " + selector + ": " + key.status().word() + (weak ? " weak key" : ""));
      }
    }

    out.println();
    if (broken.isEmpty()) {
      out.println("OK");
    } else {
      broken.forEach(b -> out.println("BROKEN " + b));
    }
    out.flush();
    return broken.isEmpty() ? 0 : 1;
  }

  private List<InetSocketAddress> servers() {
    if (servers.isEmpty()) {
      // resolv.conf holds addresses: nothing is resolved to find the resolvers
      return ResolverConfig.getCurrentConfig().servers();
    }
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (String server : servers) {
      int colon = server.lastIndexOf(':');
      boolean hasPort = colon > 0 && server.indexOf(':') == colon;
      String host = hasPort ? server.substring(0, colon) : server;
      int port = hasPort ? Integer.parseInt(server.substring(colon + 1)) : 53;
      addresses.add(new InetSocketAddress(InetAddresses.forString(host), port));
    }
    return addresses;
  }
}
