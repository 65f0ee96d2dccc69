package org.dmarcpipeline.processor.dns;

/**
 * The DNS port: one implementation talks to real servers through dnsjava, an in-memory one serves
 * unit tests, decorators add caching and budgets.
 */
@FunctionalInterface
public interface DnsResolver {

  /** Never throws for DNS trouble: failures are {@link DnsAnswer.TemporaryFailure}. */
  DnsAnswer lookup(DnsQuestion question);
}
