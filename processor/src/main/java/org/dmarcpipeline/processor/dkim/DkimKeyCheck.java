package org.dmarcpipeline.processor.dkim;

import org.dmarcpipeline.schema.index.KeyStatus;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import java.util.List;
import org.dmarcpipeline.processor.dns.DnsAnswer;
import org.dmarcpipeline.processor.dns.DnsQuestion;
import org.dmarcpipeline.processor.dns.DnsResolver;
import org.xbill.DNS.Type;

/** Looks up {@code selector._domainkey.domain} and says what key is published there now. */
public final class DkimKeyCheck {

  /**
   * Keys by the text they were parsed from: every row signed with a selector looks at the same
   * record, and decoding the key to count its bits each time was a sixth of the cross-check's
   * profile. Keyed by text, an entry cannot outlive the DNS answer it came from.
   */
  private static final LoadingCache<String, DkimKey> PARSED =
      CacheBuilder.newBuilder().maximumSize(10_000).build(CacheLoader.from(DkimKey::parse));

  private DkimKeyCheck() {}

  public static DkimKey check(DnsResolver dns, String selector, String domain) {
    DnsQuestion question;
    try {
      question = DnsQuestion.of(selector + "._domainkey." + domain, Type.TXT);
    } catch (IllegalArgumentException e) {
      return DkimKey.of(KeyStatus.INVALID);
    }
    DnsAnswer answer = dns.lookup(question);
    return switch (answer) {
      case DnsAnswer.TemporaryFailure failure -> DkimKey.of(KeyStatus.TEMPERROR);
      case DnsAnswer.Unchecked over -> DkimKey.of(KeyStatus.UNCHECKED);
      case DnsAnswer.NotFound notFound -> DkimKey.absent();
      case DnsAnswer.Found found -> {
        List<String> texts = answer.texts();
        // a key record may omit v=; anything else at the name is not a key
        List<String> keys = texts.stream().filter(t -> t.contains("p=")).toList();
        yield keys.isEmpty() ? DkimKey.absent() : PARSED.getUnchecked(keys.get(0));
      }
    };
  }
}
