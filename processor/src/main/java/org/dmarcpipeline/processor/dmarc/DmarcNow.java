package org.dmarcpipeline.processor.dmarc;

import org.dmarcpipeline.schema.index.DmarcStatus;
import java.util.List;

/**
 * The DMARC record a domain publishes now.
 *
 * @param status never null
 * @param location the {@code _dmarc} name where it was found, nullable
 * @param record nullable unless found or invalid
 * @param drift what differs from the report's {@code policy_published}, one line per tag
 */
public record DmarcNow(DmarcStatus status, String location, DmarcRecord record, List<String> drift) {
  public DmarcNow {
    drift = List.copyOf(drift);
  }

  public static DmarcNow of(DmarcStatus status) {
    return new DmarcNow(status, null, null, List.of());
  }

  public DmarcNow withDrift(List<String> drift) {
    return new DmarcNow(status, location, record, drift);
  }
}
