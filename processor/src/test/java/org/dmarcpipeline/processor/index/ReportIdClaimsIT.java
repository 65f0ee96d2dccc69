package org.dmarcpipeline.processor.index;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.index.ReportIndex;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.model.ReportTotals;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.schema.record.ReportSummary;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.services.LocalStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Report id claims on the real Elasticsearch, several reports per request as the processor sends them. */
class ReportIdClaimsIT {

  private ElasticsearchClient es;
  private ReportIdClaims claims;

  @BeforeEach
  void connect() throws Exception {
    es = ElasticsearchClients.create(ElasticsearchConnection.local(LocalStack.elasticsearch().url()));
    IndexTemplates.install(es);
    claims = new ReportIdClaims(es);
  }

  @AfterEach
  void close() throws Exception {
    es.close();
  }

  @Test
  void reportsClaimedTogetherShouldBeToldApartAsIfTheyCameOneByOne() throws Exception {
    GeneratedReport generated = new ReportGenerator(9101).next(3, 9101);
    ReportSummary first = summary(generated.xml());
    ReportSummary sameIdOtherContent = summary(withFirstCount(generated.xml(), 999999));
    ReportSummary another = summary(new ReportGenerator(9102).next(3, 9102).xml());
    assertThat(sameIdOtherContent.reportKey()).isEqualTo(first.reportKey());
    assertThat(sameIdOtherContent.reportFingerprint()).isNotEqualTo(first.reportFingerprint());

    List<ReportIdClaims.Answer> answers = claims.reused(List.of(first, another, sameIdOtherContent, first)).join();

    assertThat(answers).extracting(ReportIdClaims.Answer::failed).containsOnly(false);
    assertThat(answers).extracting(ReportIdClaims.Answer::reused).containsExactly(false, false, true, false);
  }

  @Test
  void aReplayInALaterPollShouldNotBeFlaggedButAnotherVersionShould() throws Exception {
    GeneratedReport generated = new ReportGenerator(9103).next(2, 9103);
    ReportSummary first = summary(generated.xml());
    ReportSummary sameIdOtherContent = summary(withFirstCount(generated.xml(), 888888));
    claims.reused(List.of(first)).join();

    assertThat(claims.reused(List.of(first)).join().getFirst().reused()).isFalse();
    assertThat(claims.reused(List.of(sameIdOtherContent)).join().getFirst().reused()).isTrue();
  }

  @Test
  void claimsAskedWithoutWaitingShouldBeAnsweredInTheOrderAsked() throws Exception {
    GeneratedReport generated = new ReportGenerator(9104).next(2, 9104);
    ReportSummary first = summary(generated.xml());
    ReportSummary sameIdOtherContent = summary(withFirstCount(generated.xml(), 777777));
    // a claim left by an earlier run against the same Elasticsearch would decide the order instead
    try {
      es.delete(d -> d.index(ReportIndex.KEYS_INDEX).id(first.reportKey()).refresh(Refresh.True));
    } catch (ElasticsearchException e) {
      assertThat(e.status()).as("no claims index yet").isEqualTo(404);
    }
    // a large poll (its bulk request takes a while) that ends with the first version...
    List<ReportSummary> largePoll = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      largePoll.add(summary(new ReportGenerator(20_000 + i).next(1, 20_000 + i).xml()));
    }
    largePoll.add(first);

    // ...then, before its answers are in, as the consumer does it, a small one with the other version
    CompletableFuture<List<ReportIdClaims.Answer>> large = claims.reused(largePoll);
    CompletableFuture<List<ReportIdClaims.Answer>> small = claims.reused(List.of(sameIdOtherContent));

    assertThat(large.join()).extracting(ReportIdClaims.Answer::reused).containsOnly(false);
    assertThat(small.join().getFirst().reused()).isTrue();
  }

  /** The same report (same key) with other content (another fingerprint). */
  private static byte[] withFirstCount(byte[] xml, int count) {
    return new String(xml, StandardCharsets.UTF_8).replaceFirst("<count>(\\d+)</count>", "<count>" + count + "</count>")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static ReportSummary summary(byte[] xml) throws Exception {
    AggregateReport report = new ReportParser().parse(xml);
    return AggregateRecords.summary(report.header(), report.fingerprint(),
        new ReportTotals(report.records().size(), report.records().size(), 0, report.warnings(), report.extensions()));
  }
}
