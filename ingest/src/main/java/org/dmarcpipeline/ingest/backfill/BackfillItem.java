package org.dmarcpipeline.ingest.backfill;

import java.io.IOException;

/**
 * One thing to backfill: a report file, or one mail (a .eml file, a Maildir message, one message
 * of an mbox).
 *
 * @param name where it came from, for progress and dead letters ({@code path} or {@code path#3})
 */
public record BackfillItem(String name, Kind kind, Content content) {

  public enum Kind {
    REPORT_FILE,
    MAIL
  }

  @FunctionalInterface
  public interface Content {
    byte[] read() throws IOException;
  }
}
