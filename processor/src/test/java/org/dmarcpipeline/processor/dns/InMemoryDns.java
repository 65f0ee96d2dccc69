package org.dmarcpipeline.processor.dns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The in-memory DNS of unit tests: records by name, names that time out (for every type that has
 * no records there, as the openspf suite's zone data means it), and a log of every question
 * asked, for budget and search-path assertions.
 */
public final class InMemoryDns implements DnsResolver {

  private final Map<Name, List<Record>> records = new HashMap<>();
  private final Set<Name> timeouts = new HashSet<>();
  private final List<DnsQuestion> asked = new ArrayList<>();

  public InMemoryDns add(Record record) {
    records.computeIfAbsent(record.getName().canonicalize(), n -> new ArrayList<>()).add(record);
    return this;
  }

  public InMemoryDns timeout(Name name) {
    timeouts.add(name.canonicalize());
    return this;
  }

  public synchronized List<DnsQuestion> asked() {
    return List.copyOf(asked);
  }

  @Override
  public synchronized DnsAnswer lookup(DnsQuestion question) {
    asked.add(question);
    return answer(question, 0);
  }

  private DnsAnswer answer(DnsQuestion question, int cnames) {
    if (cnames > 8) {
      return new DnsAnswer.TemporaryFailure("CNAME loop (in-memory)");
    }
    List<Record> atName = records.get(question.name().canonicalize());
    boolean typeListed = atName != null && atName.stream().anyMatch(r -> r.getType() == question.type());
    if (timeouts.contains(question.name().canonicalize()) && !typeListed) {
      return new DnsAnswer.TemporaryFailure("timeout (in-memory)");
    }
    if (atName == null) {
      return new DnsAnswer.NotFound(true, Duration.ofMinutes(5));
    }
    List<Record> ofType = new ArrayList<>();
    for (Record record : atName) {
      if (record.getType() == question.type()) {
        ofType.add(record);
      }
    }
    if (ofType.isEmpty()) {
      for (Record record : atName) {
        if (record instanceof org.xbill.DNS.CNAMERecord cname) {
          return answer(new DnsQuestion(cname.getTarget(), question.type()), cnames + 1);
        }
      }
      return new DnsAnswer.NotFound(false, Duration.ofMinutes(5));
    }
    return new DnsAnswer.Found(ofType, Duration.ofSeconds(ofType.get(0).getTTL()));
  }
}
