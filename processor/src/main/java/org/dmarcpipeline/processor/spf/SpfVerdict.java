package org.dmarcpipeline.processor.spf;

import org.dmarcpipeline.schema.index.SpfNowResult;

/**
 * The result of RFC 7208 {@code check_host()} now, for one source IP and domain.
 *
 * @param result never null; {@code unchecked} when the lookup budget ran out
 * @param explanation the domain's explanation for a fail, or why it is an error; nullable
 */
public record SpfVerdict(SpfNowResult result, String explanation) {}
