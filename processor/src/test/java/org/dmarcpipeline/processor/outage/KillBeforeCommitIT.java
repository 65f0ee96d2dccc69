package org.dmarcpipeline.processor.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dmarcpipeline.processor.ProcessorService;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.index.RecordIndex;
import org.dmarcpipeline.testing.services.ChildJvm;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TempDirs;
import org.junit.jupiter.api.Test;

/** Case K3: the processor killed after Elasticsearch acknowledged, before it committed. */
class KillBeforeCommitIT {

  @Test
  void recordsShouldBeConsumedAgainAndOverwriteNotDouble_K3() throws Exception {
    OutageFixture fixture = new OutageFixture();
    fixture.publish(3, 20, 303);
    Path dir = TempDirs.create("dmarc-k3-");
    Path marker = dir.resolve("committing");
    String esUrl = LocalStack.elasticsearch().url();
    try (ElasticsearchClient es = ElasticsearchClients.create(ElasticsearchConnection.local(esUrl))) {
      long before = fixture.total(es);
      Process child = new ProcessBuilder(ChildJvm.command(List.of(),
          ProcessorProcess.class.getName(), LocalStack.kafka().bootstrapServers(), esUrl, fixture.suffix, fixture.groupId,
          marker.toString()))
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("child.log").toFile())
          .start();
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(marker) || !child.isAlive());
        assertThat(child.isAlive()).as(Files.readString(dir.resolve("child.log"))).isTrue();
      } finally {
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
        child.waitFor();
      }
      int committing = Integer.parseInt(Files.readString(marker).strip());
      assertThat(fixture.committed()).as("killed before the commit").isLessThan(committing);
      List<String> below = fixture.idsBelow(committing);
      assertThat(fixture.indexed(es, below))
          .as("every record below the offset being committed is acknowledged by Elasticsearch").isEqualTo(below.size());

      ProcessorConfig config = new ProcessorConfig(KafkaConnection.plaintext(LocalStack.kafka().bootstrapServers()),
          fixture.topics, fixture.groupId, ElasticsearchConnection.local(esUrl), 100, 1);
      try (var restarted = ProcessorService.start(config)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> fixture.committed() == fixture.end());
      }
      assertThat(fixture.indexed(es)).isEqualTo(fixture.ids.size());
      assertThat(fixture.total(es) - before).as("records consumed twice are stored once").isEqualTo(fixture.ids.size());
      var hits = es.search(s -> s.index(RecordIndex.ALIAS).version(true)
          .query(q -> q.ids(i -> i.values(fixture.ids.get(0)))), Object.class).hits().hits();
      assertThat(hits).hasSize(1);
      assertThat(hits.get(0).version()).as("consumed again and overwritten in place").isGreaterThanOrEqualTo(2L);
    } finally {
      TempDirs.deleteQuietly(dir);
    }
  }
}
