package org.dmarcpipeline.ingest.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.dmarcpipeline.ingest.mail.ContentFailures;
import org.dmarcpipeline.ingest.mail.MailContents;
import org.dmarcpipeline.ingest.mail.ReportAttachment;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecordStream;
import org.dmarcpipeline.schema.record.ReportSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a mail's reports into Kafka and returns only once the broker has acknowledged every record:
 * the raw mail on the raw-reports topic, each report row on the records topic as it is parsed,
 * then each report's summary on the reports topic.
 *
 * <p>Rows stream from the parser into the producer, whose bounded buffer blocks the parser when
 * the broker falls behind: a report of a million rows passes in constant memory. If any send
 * fails, the whole mail fails and stays in its folder; what was already written is written again
 * next time under the same keys, so consumers see duplicates, never gaps, and Elasticsearch
 * overwrites by id.
 */
public final class ReportPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(ReportPublisher.class);

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final ReportParser parser;
  private final Duration ackTimeout;
  private final boolean writeRaw;

  public ReportPublisher(Producer<String, byte[]> producer, Topics topics, ReportParser parser, Duration ackTimeout) {
    this(producer, topics, parser, ackTimeout, true);
  }

  /**
   * @param writeRaw false for a replay, which reads the raw topic and must not write it again
   */
  public ReportPublisher(
      Producer<String, byte[]> producer, Topics topics, ReportParser parser, Duration ackTimeout, boolean writeRaw) {
    this.producer = producer;
    this.topics = topics;
    this.parser = parser;
    this.ackTimeout = ackTimeout;
    this.writeRaw = writeRaw;
  }

  /**
   * A mail's records handed to the producer, not yet known to be acknowledged: the mail may leave
   * its folder only after {@link #await} returned.
   */
  public static final class Publication {
    private final Acknowledgements acks;
    private final long rows;

    private Publication(Acknowledgements acks, long rows) {
      this.acks = acks;
      this.rows = rows;
    }

    public long rows() {
      return rows;
    }
  }

  /**
   * Publishes and waits for acknowledgement.
   *
   * @return the number of rows published
   * @throws InvalidReportException after publishing what parsed, when some attachment did not,
   *     whatever the parser threw: the mail then goes to the dead letter with the reasons
   * @throws KafkaPublishException when Kafka did not acknowledge everything (transient)
   */
  public long publish(MailContents mail) throws InvalidReportException, KafkaPublishException {
    Publication publication = send(mail);
    await(publication, ackTimeout);
    return publication.rows();
  }

  /**
   * Publishes without waiting for the acknowledgements, so that the next mail's records are on
   * their way meanwhile; {@link #await} before the mail is moved. A mail with an attachment that
   * did not parse is awaited here, as in {@link #publish}, before the exception.
   */
  public Publication send(MailContents mail) throws InvalidReportException, KafkaPublishException {
    String mailbox = mail.raw().mailbox();
    Acknowledgements acks = new Acknowledgements();
    if (writeRaw && mail.raw().bytes().length > IngestProducer.MAX_REQUEST_BYTES - (64 << 10)) {
      // Kafka would refuse it on every try and the mail would never leave its folder
      LOG.warn("mailbox {}: mail of {} bytes is published without its raw copy (the raw topic takes up to {})",
          mailbox, mail.raw().bytes().length, IngestProducer.MAX_REQUEST_BYTES);
    } else if (writeRaw) {
      RecordHeaders rawHeaders = new RecordHeaders();
      rawHeaders.add(Topics.MAILBOX_HEADER, mailbox.getBytes(StandardCharsets.UTF_8));
      try {
        producer.send(
            new ProducerRecord<>(topics.rawReports(), null, mail.raw().sha256(), mail.raw().bytes(), rawHeaders),
            acks.expect());
      } catch (KafkaException e) {
        throw new KafkaPublishException("raw mail not sent: " + e.getMessage(), e);
      }
    }

    List<String> rejected = new ArrayList<>(mail.refused());
    long rows = 0;
    for (ReportAttachment attachment : mail.attachments()) {
      AggregateRecordStream streamer = new AggregateRecordStream(new Streamer(acks));
      try {
        parser.parse(attachment.content(), streamer);
        rows += streamer.rows();
      } catch (SendFailed e) {
        throw new KafkaPublishException("records not sent: " + e.getCause().getMessage(), e.getCause());
      } catch (InvalidReportException e) {
        rejected.add(attachment.description() + ": " + e.getMessage());
      } catch (IOException e) {
        rejected.add(attachment.description() + ": unreadable content: " + e.getMessage());
      } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
        // the parser met something it did not foresee; the same bytes will fail the same way
        rejected.add(attachment.description() + ": " + ContentFailures.reason(e));
      }
    }
    Publication publication = new Publication(acks, rows);
    if (!rejected.isEmpty()) {
      await(publication, ackTimeout);
      throw new InvalidReportException(String.join("; ", rejected));
    }
    LOG.debug("mailbox {}: {} attachment(s), {} row(s) sent to Kafka", mailbox, mail.attachments().size(), rows);
    return publication;
  }

  /**
   * Waits until Kafka acknowledged every record of the publication.
   *
   * @throws KafkaPublishException when one failed or they did not all arrive within {@code timeout}
   */
  public void await(Publication publication, Duration timeout) throws KafkaPublishException {
    publication.acks.await(producer, timeout);
  }

  public Duration ackTimeout() {
    return ackTimeout;
  }

  /**
   * Sends each record as the parser hands it over, then the report summary.
   *
   * <p>A report's rows all go to one partition, chosen by the report's key; the record key stays
   * the row's id. Spread by row id, as the default partitioner would, each partition got a third
   * of every report: three times the batches for the broker and the processor, and the repeated
   * report metadata that compression folds away split across them.
   */
  /**
   * A send that failed before it reached the producer's buffer, carried out of the parser (which
   * lets a handler's unchecked exception through unchanged) so that it is not taken for a failure
   * to parse.
   */
  private static final class SendFailed extends RuntimeException {
    SendFailed(KafkaException cause) {
      super(cause);
    }
  }

  private final class Streamer implements AggregateRecordStream.Sink {
    private final Acknowledgements acks;
    private Integer partition;

    Streamer(Acknowledgements acks) {
      this.acks = acks;
    }

    @Override
    public void record(AggregateRecord aggregate) {
      if (partition == null) {
        partition = partitionOf(aggregate.reportKey());
      }
      try {
        producer.send(
            new ProducerRecord<>(topics.records(), partition < 0 ? null : partition, aggregate.id(), DmarcJson.encode(aggregate)),
            acks.expect());
      } catch (KafkaException e) {
        throw new SendFailed(e);
      }
    }

    /**
     * The report's partition, or -1 to let the producer choose when the topic's partitions are
     * not known (broker down): the send then fails through its callback, as any send does, and the
     * mail stays in its folder.
     */
    private int partitionOf(String reportKey) {
      try {
        List<PartitionInfo> partitions = producer.partitionsFor(topics.records());
        return partitions.isEmpty() ? -1 : Topics.recordPartition(reportKey, partitions.size());
      } catch (KafkaException e) {
        return -1;
      }
    }

    @Override
    public void summary(ReportSummary summary) {
      try {
        producer.send(new ProducerRecord<>(topics.reports(), summary.reportKey(), DmarcJson.encode(summary)), acks.expect());
      } catch (KafkaException e) {
        throw new SendFailed(e);
      }
    }
  }
}
