package org.dmarcpipeline.processor.spf;

import org.dmarcpipeline.schema.index.SpfNowResult;
import org.apache.james.jspf.executor.SPFResult;
import org.apache.james.jspf.impl.SPF;
import org.dmarcpipeline.processor.dns.DnsResolver;

/**
 * RFC 7208 {@code check_host()} by Apache jSPF, a maintained implementation, over our resolver.
 * jSPF predates parts of RFC 7208; the DNS adapter adds what it lacks (TXT only, the void lookup
 * and MX limits, ASCII records, PTR case), and the openspf RFC 7208 suite runs against the result
 * ({@code SpfConformanceTest}). A temporary DNS failure gives {@code temperror}, never {@code
 * fail}; lookups withheld by the budget give {@code unchecked}.
 */
public final class SpfChecker {

  /**
   * One jSPF instance per thread, reused: building one compiles its record grammar, which cost
   * more than the evaluation itself (the DNS cross-check ran at a few hundred rows a second).
   */
  private static final class Evaluator {
    final ResolverDnsService dns = new ResolverDnsService(null);
    final SPF spf = new SPF(dns);
  }

  private static final ThreadLocal<Evaluator> EVALUATOR = ThreadLocal.withInitial(Evaluator::new);

  /**
   * @param ip the connecting IP (a literal)
   * @param mailFrom the MAIL FROM address or domain; empty for the null sender
   * @param helo the HELO name, used when {@code mailFrom} is empty
   */
  public SpfVerdict check(DnsResolver resolver, String ip, String mailFrom, String helo) {
    Evaluator evaluator = EVALUATOR.get();
    ResolverDnsService dns = evaluator.dns;
    dns.reset(resolver);
    SPFResult result = evaluator.spf.checkSPF(ip, mailFrom, helo);
    if (dns.unchecked()) {
      return new SpfVerdict(SpfNowResult.UNCHECKED, "DNS lookup budget exhausted");
    }
    // jSPF's words are RFC 7208's; one that is not must not stop the poll loop, it is an error verdict
    SpfNowResult word;
    try {
      word = SpfNowResult.of(result.getResult());
    } catch (IllegalArgumentException e) {
      return new SpfVerdict(SpfNowResult.PERMERROR, "the SPF evaluator answered '" + result.getResult() + "', not an RFC 7208 result");
    }
    if (dns.permError() != null && !(word == SpfNowResult.FAIL && dns.permErrorOnlyFromExplanation())) {
      return new SpfVerdict(SpfNowResult.PERMERROR, dns.permError());
    }
    if (dns.tempError() != null && word != SpfNowResult.PERMERROR) {
      return new SpfVerdict(SpfNowResult.TEMPERROR, dns.tempError());
    }
    String explanation = result.getExplanation();
    return new SpfVerdict(word, explanation == null || explanation.isBlank() ? null : explanation);
  }
}
