package org.dmarcpipeline.processor.index;

import org.dmarcpipeline.schema.index.DeadLetterDocument;
import org.dmarcpipeline.schema.index.RecordDocument;
import org.dmarcpipeline.schema.index.ReportDocument;

/**
 * Where the poll loop hands its documents: each is queued, and what became of it is told later,
 * with its context, to the {@link RecordIndexer.Outcome} the indexer was built with. Called from
 * one thread; a call may block while the indexer is at its limit of requests in flight.
 *
 * @param <C> what comes back with each document's outcome
 */
public interface Indexer<C> {

  /** Queues the document of a report row, whose id is {@code id}. */
  void addRow(String id, RecordDocument document, C context);

  /** Queues the document of a report (one version of it), whose id is {@code id}. */
  void addReport(String id, ReportDocument document, C context);

  /** Queues a dead letter, read from the dead-letter topic, for the dead-letter index. */
  void addDeadLetter(DeadLetterDocument document, C context);

  /** Sends what is queued now, without waiting for the answers. */
  void flush();
}
