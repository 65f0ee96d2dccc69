package org.dmarcpipeline.ingest.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Topics;

/**
 * Creates the pipeline's topics when they are missing, so that a first start needs no manual step
 * and raw mail is never refused for size by a broker default. Existing topics are left alone.
 */
public final class IngestTopics {

  private IngestTopics() {}

  public static void ensure(KafkaConnection connection, Topics topics, int partitions, short replication)
      throws ExecutionException, InterruptedException, TimeoutException {
    try (Admin admin = Admin.create(connection.clientProperties())) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      Map<String, String> deadLetterConfig =
          Map.of("max.message.bytes", Integer.toString(IngestProducer.MAX_REQUEST_BYTES));
      // keyed by content hash: compaction keeps one copy of a mail however often it was resent
      Map<String, String> rawConfig =
          Map.of("max.message.bytes", Integer.toString(IngestProducer.MAX_REQUEST_BYTES), "cleanup.policy", "compact");
      List<NewTopic> missing = new ArrayList<>();
      if (!existing.contains(topics.records())) {
        missing.add(new NewTopic(topics.records(), partitions, replication));
      }
      if (!existing.contains(topics.reports())) {
        missing.add(new NewTopic(topics.reports(), partitions, replication));
      }
      if (!existing.contains(topics.rawReports())) {
        missing.add(new NewTopic(topics.rawReports(), partitions, replication).configs(rawConfig));
      }
      if (!existing.contains(topics.deadLetter())) {
        missing.add(new NewTopic(topics.deadLetter(), 1, replication).configs(deadLetterConfig));
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
