package org.dmarcpipeline.schema.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.dmarcpipeline.schema.fingerprint.Sha256;
import org.dmarcpipeline.schema.index.DeadLetterDocument;
import org.dmarcpipeline.schema.index.DeadLetterIndex;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

  private static final Instant WHEN = Instant.parse("2031-03-04T05:06:07Z");

  @Test
  void ingestHeadersShouldReadBackAsWritten() {
    DeadLetterHeaders written = DeadLetterHeaders.ingest("reports@example.com", "report.xml.gz: not gzip", WHEN);

    Map<String, byte[]> headers = written.encode();

    assertThat(headers).containsOnlyKeys("dmarc-reason", "dmarc-stage", "dmarc-mailbox", "dmarc-time");
    assertThat(DeadLetterHeaders.decode(headers::get, Instant.EPOCH)).isEqualTo(written);
  }

  @Test
  void processorHeadersShouldNameTheSourceAsKafkaDoes() {
    DeadLetterHeaders written = DeadLetterHeaders.processor("dmarc.records", 3, 42, "not an aggregate record", WHEN);

    assertThat(written.source()).isEqualTo("dmarc.records-3@42");
    assertThat(DeadLetterHeaders.decode(written.encode()::get, Instant.EPOCH)).isEqualTo(written);
  }

  @Test
  void deadLetterWrittenBeforeTheTimeHeaderShouldBeDatedByItsRecord() {
    Map<String, byte[]> old = Map.of("dmarc-reason", utf8("broken"), "dmarc-stage", utf8("ingest"), "dmarc-mailbox", utf8("inbox"));

    assertThat(DeadLetterHeaders.decode(old::get, WHEN)).isEqualTo(DeadLetterHeaders.ingest("inbox", "broken", WHEN));
  }

  @Test
  void recordWithoutAStageShouldNotBeTakenForADeadLetter() {
    Map<String, byte[]> foreign = Map.of("dmarc-reason", utf8("broken"));

    assertThatThrownBy(() -> DeadLetterHeaders.decode(foreign::get, WHEN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void processorDocumentShouldKeepTheIdItHasAlwaysHad() {
    DeadLetterHeaders headers = DeadLetterHeaders.processor("dmarc.records", 0, 7, "refused", WHEN);

    DeadLetterDocument document = DeadLetterDocument.of(headers, "row-id", utf8("{\"count\":\n1}"));

    assertThat(document).isEqualTo(new DeadLetterDocument(WHEN, "processor", "refused", "row-id", "dmarc.records-0@7", "{\"count\": 1}"));
    assertThat(DeadLetterIndex.idOf(document)).isEqualTo(Sha256.hex("dmarc.records-0@7\nrefused"));
  }

  @Test
  void ingestDocumentShouldNameTheMailboxAndBeOnePerMail() {
    DeadLetterDocument first = DeadLetterDocument.of(DeadLetterHeaders.ingest("inbox", "broken", WHEN), "aaa", new byte[0]);
    DeadLetterDocument again = DeadLetterDocument.of(DeadLetterHeaders.ingest("inbox", "broken", WHEN.plusSeconds(60)), "aaa", new byte[0]);
    DeadLetterDocument other = DeadLetterDocument.of(DeadLetterHeaders.ingest("inbox", "broken", WHEN), "bbb", new byte[0]);

    assertThat(first.stage()).isEqualTo("ingest");
    assertThat(first.source()).isEqualTo("inbox");
    assertThat(DeadLetterIndex.idOf(again)).isEqualTo(DeadLetterIndex.idOf(first));
    assertThat(DeadLetterIndex.idOf(other)).isNotEqualTo(DeadLetterIndex.idOf(first));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
