package org.dmarcpipeline.ingest.backfill;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.dmarcpipeline.ingest.mail.MailContents;
import org.dmarcpipeline.ingest.mail.RawMail;
import org.dmarcpipeline.ingest.mail.ReportAttachment;
import org.dmarcpipeline.ingest.mail.ReportMailParser;
import org.dmarcpipeline.ingest.publish.DeadLetterPublisher;
import org.dmarcpipeline.ingest.publish.KafkaPublishException;
import org.dmarcpipeline.ingest.publish.ReportPublisher;
import org.dmarcpipeline.schema.InvalidReportException;

/**
 * Pushes report files, mails, mbox files and Maildir folders through the same path as mailbox
 * mail: raw topic, records, report summaries, dead letters for what does not parse.
 */
public final class Backfill {

  /** What a backfill did. */
  public record Result(int files, int items, int reports, long rows, int rejected, double seconds) {}

  private final BackfillSources sources;
  private final ReportMailParser mailParser;
  private final ReportPublisher publisher;
  private final DeadLetterPublisher deadLetters;

  public Backfill(
      BackfillSources sources, ReportMailParser mailParser, ReportPublisher publisher, DeadLetterPublisher deadLetters) {
    this.sources = sources;
    this.mailParser = mailParser;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
  }

  /**
   * Backfills {@code paths}; progress goes to {@code progress} (a terminal, normally stderr).
   *
   * @throws KafkaPublishException when Kafka stops acknowledging: the run stops, and everything
   *     backfilled so far is safely in Kafka (running it again repeats it without duplicates)
   */
  public Result run(List<Path> paths, PrintWriter progress) throws IOException, KafkaPublishException {
    List<Path> files = sources.files(paths);
    Progress bar = new Progress(files.size(), progress);
    AtomicReference<KafkaPublishException> failure = new AtomicReference<>();
    for (Path file : files) {
      sources.items(file, item -> {
        if (failure.get() == null) {
          try {
            backfill(item, bar);
          } catch (KafkaPublishException e) {
            failure.set(e);
          }
        }
      });
      if (failure.get() != null) {
        bar.finish();
        throw failure.get();
      }
      bar.fileDone();
    }
    bar.finish();
    return bar.result();
  }

  /**
   * Replays the raw-reports topic: every raw input is parsed again and published again, under the
   * same keys, so that a parser fix or new enrichment reaches Elasticsearch without touching any
   * mailbox. Reads up to the topic's end as it is when the replay starts.
   */
  public Result replay(RawTopic raw, PrintWriter progress) throws KafkaPublishException {
    Progress bar = new Progress(0, progress);
    AtomicReference<KafkaPublishException> failure = new AtomicReference<>();
    raw.forEach((name, bytes) -> {
      if (failure.get() != null) {
        return;
      }
      byte[] head = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 64));
      BackfillItem.Kind kind = org.dmarcpipeline.schema.unpack.ContentKind.sniff(head, head.length)
          == org.dmarcpipeline.schema.unpack.ContentKind.UNKNOWN ? BackfillItem.Kind.MAIL : BackfillItem.Kind.REPORT_FILE;
      try {
        backfill(new BackfillItem(name, kind, () -> bytes), bar);
      } catch (KafkaPublishException e) {
        failure.set(e);
      }
    });
    bar.finish();
    if (failure.get() != null) {
      throw failure.get();
    }
    return bar.result();
  }

  private void backfill(BackfillItem item, Progress bar) throws KafkaPublishException {
    RawMail raw;
    try {
      raw = new RawMail("backfill", item.content().read());
    } catch (IOException e) {
      bar.rejected(item.name() + ": cannot read: " + e.getMessage());
      return;
    }
    try {
      MailContents contents =
          item.kind() == BackfillItem.Kind.REPORT_FILE
              ? new MailContents(raw, List.of(new ReportAttachment("file " + item.name(), () -> new java.io.ByteArrayInputStream(raw.bytes()))), List.of())
              : mailParser.attachments(raw);
      long rows = publisher.publish(contents);
      bar.published(contents.attachments().size(), rows);
    } catch (InvalidReportException e) {
      deadLetters.publish(raw, item.name() + ": " + e.getMessage());
      bar.rejected(item.name() + ": " + e.getMessage());
    }
  }
}
