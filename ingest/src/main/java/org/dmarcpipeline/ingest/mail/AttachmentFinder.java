package org.dmarcpipeline.ingest.mail;

import org.dmarcpipeline.schema.InvalidReportException;

/** Finds the report attachments of a mail: the first step of reading one ({@link ReportMailParser}). */
@FunctionalInterface
public interface AttachmentFinder {

  /**
   * @throws InvalidReportException when the mail holds no report at all, or is not MIME
   */
  MailContents attachments(RawMail mail) throws InvalidReportException;
}
