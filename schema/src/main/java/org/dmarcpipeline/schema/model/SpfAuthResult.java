package org.dmarcpipeline.schema.model;

/**
 * One SPF result, unaligned ({@code auth_results.spf}).
 *
 * @param domain the checked domain, lower case, nullable when not reported (warned)
 * @param scope nullable when not reported
 */
public record SpfAuthResult(String domain, SpfScope scope, SpfResult result) {}
