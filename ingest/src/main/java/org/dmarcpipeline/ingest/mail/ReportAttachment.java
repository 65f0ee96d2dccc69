package org.dmarcpipeline.ingest.mail;

import org.dmarcpipeline.schema.ReportParser;

/**
 * A part of a mail that looks like a report (by its first bytes).
 *
 * @param description how to name it in a reason: {@code attachment NAME} or {@code part TYPE},
 *     sanitized
 */
public record ReportAttachment(String description, ReportParser.Attachment content) {}
