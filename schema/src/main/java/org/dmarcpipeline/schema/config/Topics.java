package org.dmarcpipeline.schema.config;

/**
 * The Kafka topics between the stages.
 *
 * @param records one {@link org.dmarcpipeline.schema.record.AggregateRecord} per report row, keyed
 *     by its id
 * @param reports one {@link org.dmarcpipeline.schema.record.ReportSummary} per report, after its
 *     records, keyed by report key
 * @param rawReports each report mail as received, keyed by its SHA-256, for re-parsing later
 * @param deadLetter inputs that could not be processed, with the reason in header {@code
 *     dmarc-reason}
 */
public record Topics(String records, String reports, String rawReports, String deadLetter) {

  public static final Topics DEFAULTS =
      new Topics("dmarc.records", "dmarc.reports", "dmarc.raw-reports", "dmarc.dead-letter");

  /** Header carrying the reason of a dead letter. */
  public static final String REASON_HEADER = "dmarc-reason";

  /** Header naming the stage that dead-lettered the input ({@code ingest}, {@code processor}). */
  public static final String STAGE_HEADER = "dmarc-stage";

  /** Header naming the mailbox an input came from. */
  public static final String MAILBOX_HEADER = "dmarc-mailbox";

  /** These topics with {@code suffix} appended to each name (separate runs on one broker). */
  /**
   * The partition of the records topic that every row of a report goes to (ADR 0002): whole
   * reports per partition, in order; reports spread over the partitions.
   */
  public static int recordPartition(String reportKey, int partitions) {
    return Math.floorMod(reportKey.hashCode(), partitions);
  }

  public Topics withSuffix(String suffix) {
    return new Topics(records + suffix, reports + suffix, rawReports + suffix, deadLetter + suffix);
  }

  public static Topics from(Settings settings) {
    return new Topics(
        settings.string("dmarc.kafka.topic.records", DEFAULTS.records()),
        settings.string("dmarc.kafka.topic.reports", DEFAULTS.reports()),
        settings.string("dmarc.kafka.topic.raw-reports", DEFAULTS.rawReports()),
        settings.string("dmarc.kafka.topic.dead-letter", DEFAULTS.deadLetter()));
  }
}
