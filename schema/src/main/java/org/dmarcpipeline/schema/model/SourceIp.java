package org.dmarcpipeline.schema.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.google.common.net.InetAddresses;
import java.net.InetAddress;

/**
 * The connecting IP address of a report row, in canonical text form ({@code 2001:db8::1}, not
 * {@code 2001:0db8:0:0::1}).
 *
 * <p>Only literals are accepted: report data is never resolved as a host name.
 */
public record SourceIp(String value) {

  public SourceIp {
    if (value == null || !InetAddresses.isInetAddress(value)) {
      throw new IllegalArgumentException("not an IP address literal: " + value);
    }
  }

  /**
   * Parses an IPv4 or IPv6 literal.
   *
   * @throws IllegalArgumentException when {@code text} is not a literal address (host names, CIDR
   *     ranges and zone ids included)
   */
  @JsonCreator
  public static SourceIp of(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no IP address");
    }
    String trimmed = text.strip();
    if (trimmed.indexOf('%') >= 0) {
      // a zone id names a link on the receiver's host, never a sender on the internet
      throw new IllegalArgumentException("not an IP address literal (zone id): " + abbreviate(trimmed));
    }
    InetAddress address;
    try {
      address = InetAddresses.forString(trimmed); // parsed once: every row of every report comes here
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an IP address literal: " + abbreviate(trimmed));
    }
    return new SourceIp(InetAddresses.toAddrString(address));
  }

  public InetAddress address() {
    return InetAddresses.forString(value);
  }

  @Override
  @JsonValue
  public String toString() {
    return value;
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }
}
