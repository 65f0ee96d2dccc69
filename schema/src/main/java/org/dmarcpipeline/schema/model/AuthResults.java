package org.dmarcpipeline.schema.model;

import java.util.List;

/** {@code auth_results}: every DKIM and SPF result the receiver evaluated, never null lists. */
public record AuthResults(List<DkimAuthResult> dkim, List<SpfAuthResult> spf) {
  public AuthResults {
    dkim = List.copyOf(dkim);
    spf = List.copyOf(spf);
  }
}
