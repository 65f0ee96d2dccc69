package org.dmarcpipeline.processor.dns;

import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * One DNS question, always for an absolute name: there is no search path, so a name from a
 * report can never turn into {@code name.corp.example} (case D6).
 */
public record DnsQuestion(Name name, int type) {

  public DnsQuestion {
    Objects.requireNonNull(name, "name");
    if (!name.isAbsolute()) {
      throw new IllegalArgumentException("DNS names must be absolute: " + name);
    }
  }

  /**
   * A question for {@code domain} (with or without the trailing dot).
   *
   * @throws IllegalArgumentException when {@code domain} is not a valid DNS name
   */
  public static DnsQuestion of(String domain, int type) {
    try {
      String absolute = domain.endsWith(".") ? domain : domain + ".";
      return new DnsQuestion(Name.fromString(absolute), type);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: " + domain, e);
    }
  }

  @Override
  public String toString() {
    return name + " " + Type.string(type);
  }
}
