package org.dmarcpipeline.testing.generate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DNS zones that match what {@link ReportGenerator} writes: SPF, DMARC and DKIM records for its
 * policy domains, PTR and A/AAAA records for its address blocks (one block belongs to SendGrid),
 * all with hour-long TTLs. For the demo and the DNS benchmark, served by NSD.
 *
 * <p>"Match" means DNS now says what the reports say except where a difference is there to be found
 * (the DMARC policy moved to reject; forwarded rows, one in twenty, report a softfail that SPF now
 * passes): every bounce domain a report names publishes the SPF record that gave the reported
 * result, every signing domain publishes its selectors' keys, and the spoofer's networks and
 * domain exist, so that the cross-check finds what it would find for a real domain rather than
 * gaps in these zones. The spoofer's addresses have no PTR and its domain no keys.
 */
public final class GeneratedZones {

  private static final List<String> DOMAINS = List.of("example.com", "example.org", "shop.example.net", "example.co.uk");

  /** {@link ReportGenerator} numbers IPv6 hosts 1 to 65,000 within 2001:db8:1::/48. */
  private static final int IPV6_HOSTS = 65_000;

  private static final String IPV6_REVERSE = "1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa";

  /** A 1024-bit RSA key, made afresh: short on purpose, so that the checks have something to report. */
  private static final String SHORT_KEY = shortKey();

  private GeneratedZones() {}

  /** Zone name to zone file text. */
  public static Map<String, String> zones() {
    Map<String, String> zones = new LinkedHashMap<>();
    for (String domain : DOMAINS) {
      StringBuilder zone = new StringBuilder(soa(domain));
      zone.append("@ IN TXT \"v=spf1 ip4:192.0.2.0/24 ip6:2001:db8:1::/48 include:sendgrid.net -all\"\n");
      // the bounce domain of forwarded and DKIM-only mail: the domain's own servers, nobody else
      zone.append("bounces IN TXT \"v=spf1 ip4:192.0.2.0/24 ip6:2001:db8:1::/48 -all\"\n");
      // the published policy moved to reject since the reports were written (drift to find)
      zone.append("_dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@").append(domain).append("\"\n");
      selectorKeys(zone);
      if (domain.equals("example.com")) {
        for (int host = 1; host <= 254; host++) {
          zone.append("mta").append(host).append(" IN A 192.0.2.").append(host).append('\n');
          zone.append("out").append(host).append(" IN A 203.0.113.").append(host).append('\n');
        }
        for (int host = 1; host <= IPV6_HOSTS; host++) {
          zone.append("mta6-").append(Integer.toHexString(host)).append(" IN AAAA 2001:db8:1::").append(Integer.toHexString(host)).append('\n');
        }
      }
      zones.put(domain, zone.toString());
    }
    StringBuilder sendgrid = new StringBuilder(soa("sendgrid.net"));
    sendgrid.append("@ IN TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n");
    sendgrid.append("bounces IN TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n");
    selectorKeys(sendgrid);
    for (int host = 1; host <= 254; host++) {
      sendgrid.append("o").append(host).append(".ptr IN A 198.51.100.").append(host).append('\n');
    }
    zones.put("sendgrid.net", sendgrid.toString());
    zones.put("2.0.192.in-addr.arpa", reverse("2.0.192.in-addr.arpa", "mta%d.example.com."));
    zones.put("100.51.198.in-addr.arpa", reverse("100.51.198.in-addr.arpa", "o%d.ptr.sendgrid.net."));
    zones.put("113.0.203.in-addr.arpa", reverse("113.0.203.in-addr.arpa", "out%d.example.com."));
    StringBuilder ipv6 = new StringBuilder(soa(IPV6_REVERSE));
    for (int host = 1; host <= IPV6_HOSTS; host++) {
      // 2001:db8:1::<host> is the 20 nibbles below the /48, lowest first
      String nibbles = "%020x".formatted(host);
      for (int i = nibbles.length() - 1; i >= 0; i--) {
        ipv6.append(nibbles.charAt(i)).append(i > 0 ? "." : "");
      }
      ipv6.append(" IN PTR mta6-").append(Integer.toHexString(host)).append(".example.com.\n");
    }
    zones.put(IPV6_REVERSE, ipv6.toString());
    // the spoofer: a real domain whose SPF fails everyone it forges, no DKIM keys, no PTRs
    zones.put("spoof.example", soa("spoof.example") + "bounces IN TXT \"v=spf1 -all\"\n");
    zones.put("d.a.b.0.8.b.d.0.1.0.0.2.ip6.arpa", soa("d.a.b.0.8.b.d.0.1.0.0.2.ip6.arpa"));
    return zones;
  }

  /** Selectors s1 to s3, the ones {@link ReportGenerator} signs with, all with the short key. */
  private static void selectorKeys(StringBuilder zone) {
    for (int s = 1; s <= 3; s++) {
      zone.append("s").append(s).append("._domainkey IN TXT \"v=DKIM1; k=rsa; p=").append(SHORT_KEY).append("\"\n");
    }
  }

  private static String reverse(String zone, String target) {
    StringBuilder text = new StringBuilder(soa(zone));
    for (int host = 1; host <= 254; host++) {
      text.append(host).append(" IN PTR ").append(target.formatted(host)).append('\n');
    }
    return text.toString();
  }

  private static String shortKey() {
    try {
      java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
      generator.initialize(1024);
      return java.util.Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("RSA is required of every JVM", e);
    }
  }

  private static String soa(String zone) {
    return "$ORIGIN " + zone + ".\n$TTL 3600\n@ IN SOA ns." + zone + ". hostmaster." + zone + ". 1 3600 600 86400 3600\n"
        + "@ IN NS ns\nns IN A 127.0.0.1\n";
  }
}
