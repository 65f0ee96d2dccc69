package org.dmarcpipeline.processor.failure;

/**
 * Why a consumed record was not indexed, and where that happened: what the {@link FailurePolicy}
 * decides on. Exception types of three libraries (Jackson, the Elasticsearch client, Kafka's
 * producer) become these few facts where they are caught.
 */
public sealed interface Failure {

  /** What a dead letter says, or the log. */
  String reason();

  /** The record's value is no row or report this release reads, or a dead letter lacks its headers. */
  record Undecodable(String reason) implements Failure {}

  /** The report's period gets no index ({@code IndexedPeriods}); the reason says which period. */
  record OutsideIndexedPeriods(String reason) implements Failure {}

  /**
   * Elasticsearch answered the bulk item with an error.
   *
   * @param status the item's HTTP status
   * @param type Elasticsearch's error type, such as {@code mapper_parsing_exception}
   * @param detail Elasticsearch's reason, nullable
   */
  record Refused(int status, String type, String detail) implements Failure {
    @Override
    public String reason() {
      return "elasticsearch refused the document: " + status + " " + type + ": " + detail;
    }
  }

  /** The whole bulk request went unanswered or failed: connection refused, timeout, an error response. */
  record BulkFailed(String reason) implements Failure {}

  /** Whether the report reuses another's identity could not be told. */
  record ClaimFailed(String reason) implements Failure {}

  /** The dead letter for the record was not acknowledged by Kafka. */
  record DeadLetterNotWritten(String reason) implements Failure {}
}
