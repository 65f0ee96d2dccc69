package org.dmarcpipeline.schema.config;

/**
 * The Kafka topics between the stages.
 *
 * @param records one {@link org.dmarcpipeline.schema.record.AggregateRecord} per report row, keyed
 *     by its id
 * @param reports one {@link org.dmarcpipeline.schema.record.ReportSummary} per report, after its
 *     records, keyed by report key
 * @param rawReports each report mail as received, keyed by its SHA-256, for re-parsing later
 * @param deadLetter inputs that could not be processed, by ingest or the processor, with the
 *     reason and more in the headers of {@link org.dmarcpipeline.schema.deadletter.DeadLetterHeaders}
 */
public record Topics(String records, String reports, String rawReports, String deadLetter) {

  public static final Topics DEFAULTS =
      new Topics("dmarc.records", "dmarc.reports", "dmarc.raw-reports", "dmarc.dead-letter");

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
