package org.dmarcpipeline.schema.model;

/**
 * {@code identifiers}: the domains the messages claimed.
 *
 * @param headerFrom RFC5322.From domain, lower case; nullable only when missing (warned)
 * @param envelopeFrom RFC5321.MailFrom domain, nullable
 * @param envelopeTo envelope recipient domain, nullable
 */
public record Identifiers(String headerFrom, String envelopeFrom, String envelopeTo) {}
