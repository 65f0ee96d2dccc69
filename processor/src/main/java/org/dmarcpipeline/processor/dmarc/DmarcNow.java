package org.dmarcpipeline.processor.dmarc;

import java.util.List;

/**
 * The DMARC record a domain publishes now.
 *
 * @param status {@code found}, {@code none}, {@code multiple} (more than one record: treated as
 *     none, RFC 7489 6.6.3), {@code invalid}, {@code temperror} or {@code unchecked}
 * @param location the {@code _dmarc} name where it was found, nullable
 * @param record nullable unless found or invalid
 * @param drift what differs from the report's {@code policy_published}, one line per tag
 */
public record DmarcNow(String status, String location, DmarcRecord record, List<String> drift) {
  public DmarcNow {
    drift = List.copyOf(drift);
  }

  public static DmarcNow of(String status) {
    return new DmarcNow(status, null, null, List.of());
  }

  public DmarcNow withDrift(List<String> drift) {
    return new DmarcNow(status, location, record, drift);
  }
}
