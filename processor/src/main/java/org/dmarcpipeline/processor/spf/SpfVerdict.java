package org.dmarcpipeline.processor.spf;

/**
 * The result of RFC 7208 {@code check_host()} now, for one source IP and domain.
 *
 * @param result {@code pass}, {@code fail}, {@code softfail}, {@code neutral}, {@code none}, {@code
 *     permerror}, {@code temperror}, or {@code unchecked} when the lookup budget ran out
 * @param explanation the domain's explanation for a fail, or why it is an error; nullable
 */
public record SpfVerdict(String result, String explanation) {}
