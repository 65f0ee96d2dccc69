package org.dmarcpipeline.cli.bench;

import static org.dmarcpipeline.cli.bench.Progress.expectRows;
import static org.dmarcpipeline.cli.bench.Progress.secondsSince;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dmarcpipeline.ingest.mail.MailContents;
import org.dmarcpipeline.ingest.mail.RawMail;
import org.dmarcpipeline.ingest.mail.ReportAttachment;
import org.dmarcpipeline.ingest.mail.ReportMailParser;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecordStream;
import org.dmarcpipeline.testing.services.ImapClient;

/**
 * Each stage of the pipeline alone, on the whole workload, so that the bottleneck shows beside the
 * end-to-end rate: parsing as ingest does it, Kafka's publish, the IMAP fetch.
 */
final class StageBenchmarks {

  private final Progress progress;

  StageBenchmarks(Progress progress) {
    this.progress = progress;
  }

  /** Every mail through what ingest does to it, streamed record by record, on one thread: rows/s. */
  double parse(WorkloadMails workload) throws Exception {
    ReportMailParser mailParser = new ReportMailParser(new ReportParser());
    ReportParser parser = new ReportParser();
    AtomicLong seen = new AtomicLong();
    long start = System.nanoTime();
    for (byte[] mail : workload.mails()) {
      MailContents contents = mailParser.attachments(new RawMail("bench", mail));
      for (ReportAttachment attachment : contents.attachments()) {
        parser.parse(attachment.content(), new AggregateRecordStream(record -> seen.incrementAndGet()));
      }
    }
    double rate = seen.get() / secondsSince(start);
    expectRows(seen.get(), workload.rows(), "parse");
    return rate;
  }

  /** Every record published as ingest does it (idempotent, acks=all, record JSON): rows/s. */
  double kafka(String bootstrap, WorkloadMails workload) throws Exception {
    progress.say("Kafka publish of every record...");
    String topic = "bench.publish-" + UUID.randomUUID().toString().substring(0, 8);
    ReportMailParser mailParser = new ReportMailParser(new ReportParser());
    ReportParser parser = new ReportParser();
    long[] sentAndNanos = new long[2];
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer())) {
      // the topic is created by the first metadata request, before any send: requests sent while a
      // new partition is being opened can be refused and then never fit the broker's sequence
      // again (KAFKA-15591), which cost one run of this stage two minutes of retries
      producer.partitionsFor(topic);
      Callback counted = (metadata, exception) -> (exception == null ? acknowledged : failed).incrementAndGet();
      // records are prepared in batches outside the clock; only sending and acknowledgement is timed
      List<AggregateRecord> batch = new ArrayList<>();
      AggregateRecordStream.Sink batching = record -> {
        batch.add(record);
        if (batch.size() >= 50_000) {
          sentAndNanos[1] += publish(producer, topic, batch, counted);
          sentAndNanos[0] += batch.size();
          batch.clear();
        }
      };
      for (byte[] mail : workload.mails()) {
        for (ReportAttachment attachment : mailParser.attachments(new RawMail("bench", mail)).attachments()) {
          parser.parse(attachment.content(), new AggregateRecordStream(batching));
        }
      }
      sentAndNanos[1] += publish(producer, topic, batch, counted);
      sentAndNanos[0] += batch.size();
    }
    long sent = sentAndNanos[0];
    long nanos = sentAndNanos[1];
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " records not acknowledged in the Kafka publish stage");
    }
    expectRows(acknowledged.get(), workload.rows(), "Kafka publish, acknowledged");
    return sent / (nanos / 1e9);
  }

  private static long publish(KafkaProducer<String, byte[]> producer, String topic, List<AggregateRecord> batch, Callback counted) {
    List<byte[]> encoded = batch.stream().map(DmarcJson::encode).toList();
    long start = System.nanoTime();
    for (int i = 0; i < batch.size(); i++) {
      producer.send(new ProducerRecord<>(topic, batch.get(i).id(), encoded.get(i)), counted);
    }
    producer.flush();
    return System.nanoTime() - start;
  }

  /** Every mail of the backlog fetched over IMAPS, as ingest's mail client does: mails/s. */
  double fetch(BenchMailbox mailbox, int expected) throws Exception {
    progress.say("IMAP fetch of every mail...");
    long start = System.nanoTime();
    long count;
    try (ImapClient imap = mailbox.open()) {
      count = imap.fetchAll(BenchMailbox.BACKLOG);
    }
    expectRows(count, expected, "IMAP fetch");
    return count / secondsSince(start);
  }
}
