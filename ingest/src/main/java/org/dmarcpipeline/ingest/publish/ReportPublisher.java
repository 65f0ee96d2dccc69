package org.dmarcpipeline.ingest.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.dmarcpipeline.ingest.mail.ParsedMail;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a parsed mail into Kafka and returns only once the broker has acknowledged every record:
 * the raw mail on the raw-reports topic, then one record per report row on the records topic.
 *
 * <p>All sends are issued before any is awaited, so a report's rows travel pipelined in batches.
 * If any send fails, the whole mail fails and stays in its folder; what was already written is
 * written again next time under the same keys, so the records topic's consumers see duplicates,
 * never gaps, and Elasticsearch overwrites by id.
 */
public final class ReportPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(ReportPublisher.class);

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final Duration ackTimeout;

  public ReportPublisher(Producer<String, byte[]> producer, Topics topics, Duration ackTimeout) {
    this.producer = producer;
    this.topics = topics;
    this.ackTimeout = ackTimeout;
  }

  /**
   * Publishes and waits for acknowledgement.
   *
   * @throws InvalidReportException after publishing what parsed, when some attachment did not: the
   *     mail then goes to the dead letter with the reasons
   * @throws KafkaPublishException when Kafka did not acknowledge everything (transient)
   */
  public ParsedMail publish(ParsedMail mail) throws InvalidReportException, KafkaPublishException {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    RecordHeaders rawHeaders = new RecordHeaders();
    rawHeaders.add(Topics.MAILBOX_HEADER, mail.raw().mailbox().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    acks.add(
        producer.send(
            new ProducerRecord<>(
                topics.rawReports(), null, mail.raw().sha256(), mail.raw().bytes(), rawHeaders)));
    for (AggregateReport report : mail.reports()) {
      for (AggregateRecord record : AggregateRecords.of(report)) {
        acks.add(producer.send(new ProducerRecord<>(topics.records(), record.id(), DmarcJson.encode(record))));
      }
    }
    awaitAll(acks);
    LOG.debug(
        "mailbox {}: {} report(s), {} row(s) acknowledged by Kafka",
        mail.raw().mailbox(),
        mail.reports().size(),
        mail.rowCount());
    if (!mail.rejected().isEmpty()) {
      throw new InvalidReportException(String.join("; ", mail.rejected()));
    }
    return mail;
  }

  private void awaitAll(List<Future<RecordMetadata>> acks) throws KafkaPublishException {
    long deadline = System.nanoTime() + ackTimeout.toNanos();
    try {
      for (Future<RecordMetadata> ack : acks) {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException e) {
      throw new KafkaPublishException("Kafka did not acknowledge: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaPublishException("Kafka did not acknowledge within " + ackTimeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaPublishException("interrupted while waiting for Kafka", e);
    }
  }
}
