package org.dmarcpipeline.schema.model;

import java.util.Objects;

/**
 * {@code row}: one source IP and what happened to the messages it sent.
 *
 * @param count number of messages, never negative
 */
public record Row(SourceIp sourceIp, long count, PolicyEvaluated policyEvaluated) {
  public Row {
    Objects.requireNonNull(sourceIp, "source_ip");
    Objects.requireNonNull(policyEvaluated, "policy_evaluated");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
  }
}
