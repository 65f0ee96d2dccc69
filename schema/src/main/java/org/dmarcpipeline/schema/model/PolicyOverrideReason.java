package org.dmarcpipeline.schema.model;

/** {@code policy_evaluated.reason}: why the receiver did not apply the published policy. */
public record PolicyOverrideReason(PolicyOverride type, String comment) {}
