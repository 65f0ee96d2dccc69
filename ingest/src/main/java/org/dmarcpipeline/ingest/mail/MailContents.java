package org.dmarcpipeline.ingest.mail;

import java.util.List;

/**
 * The report attachments found in a mail, not yet parsed.
 *
 * @param refused parts that were not even opened, with the reason (nested too deep)
 */
public record MailContents(RawMail raw, List<ReportAttachment> attachments, List<String> refused) {
  public MailContents {
    attachments = List.copyOf(attachments);
    refused = List.copyOf(refused);
  }
}
