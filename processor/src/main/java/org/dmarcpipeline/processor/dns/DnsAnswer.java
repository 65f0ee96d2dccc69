package org.dmarcpipeline.processor.dns;

import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * What a DNS question got. A temporary failure (timeout, SERVFAIL) and a question not asked
 * (over budget) are outcomes of their own, never confused with "no such record": neither may ever
 * turn into a "fail" verdict.
 */
public sealed interface DnsAnswer {

  /** Records of the asked type (after CNAMEs). */
  record Found(List<Record> records, Duration ttl) implements DnsAnswer {
    public Found {
      records = List.copyOf(records);
    }
  }

  /** NXDOMAIN ({@code nxdomain}) or NOERROR without records of the type. */
  record NotFound(boolean nxdomain, Duration ttl) implements DnsAnswer {}

  /** Timeout, SERVFAIL, REFUSED, network error: the answer is unknown for now. */
  record TemporaryFailure(String reason) implements DnsAnswer {}

  /** Not asked: over the report's lookup budget or the global rate limit. */
  record Unchecked(String reason) implements DnsAnswer {}

  /** TXT strings of a found answer, each record's strings joined (a 321-char key split in two). */
  default List<String> texts() {
    if (this instanceof Found found) {
      return found.records().stream()
          .filter(r -> r instanceof org.xbill.DNS.TXTRecord)
          .map(r -> String.join("", ((org.xbill.DNS.TXTRecord) r).getStrings()))
          .toList();
    }
    return List.of();
  }
}
