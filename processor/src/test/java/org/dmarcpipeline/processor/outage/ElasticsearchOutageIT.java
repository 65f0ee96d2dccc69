package org.dmarcpipeline.processor.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.time.Duration;
import org.dmarcpipeline.processor.ProcessorService;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import org.dmarcpipeline.processor.index.ElasticsearchClients;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.testing.services.LocalElasticsearch;
import org.dmarcpipeline.testing.services.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch dies or freezes while the processor is indexing (cases E1, E2), on a node of its
 * own: afterwards it holds exactly the expected documents and the offsets reach the end.
 */
class ElasticsearchOutageIT {

  private static final int REPORTS = 40;
  private static final int ROWS = 500;

  private static LocalElasticsearch node;
  private static ElasticsearchClient es;

  @BeforeAll
  static void startNode() {
    node = LocalElasticsearch.start();
    es = ElasticsearchClients.create(ElasticsearchConnection.local(node.url()));
  }

  @AfterAll
  static void stopNode() throws Exception {
    es.close();
    node.close();
  }

  @Test
  void killedMidBulkShouldEndWithExactlyTheExpectedDocuments_E1() throws Exception {
    OutageFixture fixture = new OutageFixture();
    fixture.publish(REPORTS, ROWS, 101);
    long before = fixture.total(es);
    try (var processor = ProcessorService.start(config(fixture, ElasticsearchConnection.local(node.url())))) {
      long beforeKill = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
          .until(() -> fixture.indexed(es), indexed -> indexed > 0);
      node.kill();
      assertThat(beforeKill).as("killed while indexing, not after").isLessThan(fixture.ids.size());
      assertThat(fixture.committed()).as("nothing committed past what was acknowledged").isLessThan(fixture.end());
      Thread.sleep(2000);
      node.restart();

      await().atMost(Duration.ofSeconds(120)).until(() -> fixture.indexed(es) == fixture.ids.size()
          && fixture.committed() == fixture.end());
    }
    assertThat(fixture.total(es) - before).as("nothing doubled, nothing extra").isEqualTo(fixture.ids.size());
  }

  @Test
  void frozenLongerThanTheTimeoutShouldEndWithExactlyTheExpectedDocuments_E2() throws Exception {
    OutageFixture fixture = new OutageFixture();
    fixture.publish(REPORTS, ROWS, 202);
    long before = fixture.total(es);
    ElasticsearchConnection shortTimeout = ElasticsearchConnection.local(node.url()).withTimeout(Duration.ofSeconds(2));
    try (var processor = ProcessorService.start(config(fixture, shortTimeout))) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> fixture.indexed(es) > 0);
      node.freeze();
      try {
        // long enough for requests in flight to time out on the client, which then retries them
        Thread.sleep(8000);
        assertThat(fixture.committed()).as("nothing committed past what was acknowledged").isLessThan(fixture.end());
      } finally {
        node.thaw();
      }
      await().atMost(Duration.ofSeconds(120)).until(() -> fixture.indexed(es) == fixture.ids.size()
          && fixture.committed() == fixture.end());
    }
    assertThat(fixture.total(es) - before).as("a request that succeeded on the frozen node and was sent again is harmless").isEqualTo(fixture.ids.size());
  }

  private static ProcessorConfig config(OutageFixture fixture, ElasticsearchConnection connection) {
    return new ProcessorConfig(KafkaConnection.plaintext(LocalStack.kafka().bootstrapServers()), fixture.topics, fixture.groupId,
        connection, 200, 2);
  }
}
