package org.dmarcpipeline.schema.model;

/**
 * One SPF result, unaligned ({@code auth_results.spf}).
 *
 * @param domain the checked domain, lower case; a result without one is skipped (warned)
 * @param scope nullable when not reported
 * @param humanResult RFC 9990: extra information, nullable
 */
public record SpfAuthResult(String domain, SpfScope scope, SpfResult result, String humanResult) {}
