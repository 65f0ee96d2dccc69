package org.dmarcpipeline.schema.model;

/**
 * One DKIM signature's result, unaligned ({@code auth_results.dkim}).
 *
 * @param domain the {@code d=} of the signature, lower case; a result without one is skipped (warned)
 * @param selector the {@code s=} of the signature, nullable
 * @param humanResult nullable
 */
public record DkimAuthResult(
    String domain, String selector, DkimResult result, String humanResult) {}
