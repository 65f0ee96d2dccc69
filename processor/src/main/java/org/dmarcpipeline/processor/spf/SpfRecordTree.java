package org.dmarcpipeline.processor.spf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dmarcpipeline.processor.dns.DnsAnswer;
import org.dmarcpipeline.processor.dns.DnsQuestion;
import org.dmarcpipeline.processor.dns.DnsResolver;
import org.xbill.DNS.Type;

/**
 * A domain's SPF record with everything it includes, for people: the tree of includes and
 * redirects and how many of the ten DNS-querying terms it spends (RFC 7208 4.6.4). Verdicts come
 * from {@link SpfChecker}; this only explains.
 */
public final class SpfRecordTree {

  /** One record in the tree. */
  public record Node(String domain, String record, String problem, int depth) {}

  private final List<Node> nodes = new ArrayList<>();
  private int lookups;

  private SpfRecordTree() {}

  public static SpfRecordTree of(DnsResolver dns, String domain) {
    SpfRecordTree tree = new SpfRecordTree();
    tree.walk(dns, domain.toLowerCase(Locale.ROOT), 0, new HashSet<>());
    return tree;
  }

  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** DNS-querying terms (include, a, mx, ptr, exists, redirect) across the whole tree. */
  public int lookups() {
    return lookups;
  }

  private void walk(DnsResolver dns, String domain, int depth, Set<String> seen) {
    if (!seen.add(domain) || depth > 10) {
      nodes.add(new Node(domain, null, "include loop", depth));
      return;
    }
    DnsAnswer answer;
    try {
      answer = dns.lookup(DnsQuestion.of(domain, Type.TXT));
    } catch (IllegalArgumentException e) {
      nodes.add(new Node(domain, null, "not a domain name", depth));
      return;
    }
    if (answer instanceof DnsAnswer.TemporaryFailure failure) {
      nodes.add(new Node(domain, null, "DNS error: " + failure.reason(), depth));
      return;
    }
    List<String> records = answer.texts().stream().filter(t -> t.toLowerCase(Locale.ROOT).startsWith("v=spf1")).toList();
    if (records.isEmpty()) {
      nodes.add(new Node(domain, null, "no SPF record", depth));
      return;
    }
    if (records.size() > 1) {
      nodes.add(new Node(domain, records.get(0), records.size() + " SPF records (permerror)", depth));
      return;
    }
    String record = records.get(0);
    nodes.add(new Node(domain, record, null, depth));
    for (String term : record.split("\\s+")) {
      String lower = term.toLowerCase(Locale.ROOT);
      String mechanism = lower.replaceFirst("^[+?~-]", "");
      if (mechanism.startsWith("include:")) {
        lookups++;
        walk(dns, mechanism.substring("include:".length()), depth + 1, seen);
      } else if (mechanism.startsWith("redirect=")) {
        lookups++;
        walk(dns, mechanism.substring("redirect=".length()), depth + 1, seen);
      } else if (mechanism.equals("a") || mechanism.startsWith("a:") || mechanism.startsWith("a/")
          || mechanism.equals("mx") || mechanism.startsWith("mx:") || mechanism.startsWith("mx/")
          || mechanism.equals("ptr") || mechanism.startsWith("ptr:") || mechanism.startsWith("exists:")) {
        lookups++;
      }
    }
  }
}
