package org.dmarcpipeline.processor.alignment;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import com.google.common.net.InternetDomainName;
import java.util.Locale;

/**
 * Organizational domains by the Public Suffix List, private section included
 * ({@code x.foo.blogspot.com} belongs to {@code foo.blogspot.com}), as shipped in Guava.
 */
public final class OrganizationalDomains {

  /** Answers by name: a row asks for several names, the same few across a report. */
  private static final LoadingCache<String, String> KNOWN =
      CacheBuilder.newBuilder().maximumSize(100_000).build(CacheLoader.from(OrganizationalDomains::lookUp));

  private OrganizationalDomains() {}

  /**
   * The organizational domain of {@code domain}; the domain itself when it is not under a known
   * public suffix (such as {@code .test}) or not a valid domain name.
   */
  public static String of(String domain) {
    return KNOWN.getUnchecked(domain);
  }

  private static String lookUp(String domain) {
    String lower = domain.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    try {
      InternetDomainName name = InternetDomainName.from(lower);
      if (name.isUnderPublicSuffix()) {
        return name.topPrivateDomain().toString();
      }
      return lower;
    } catch (IllegalArgumentException | IllegalStateException e) {
      return lower;
    }
  }
}
