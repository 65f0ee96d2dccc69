package org.dmarcpipeline.ingest.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.dmarcpipeline.ingest.publish.KafkaPublishException;
import org.junit.jupiter.api.Test;

class MailRetriesTest {

  private final AtomicLong now = new AtomicLong();
  private final MailRetries retries = new MailRetries(now::get);

  @Test
  void mailShouldWaitTwiceAsLongAfterEachTransientFailure() {
    retries.failed(7, new IOException("connection reset"));
    assertThat(retries.waiting(7)).isTrue();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(retries.waiting(7)).isFalse();

    retries.failed(7, new IOException("connection reset"));
    now.addAndGet(Duration.ofMillis(1900).toNanos());
    assertThat(retries.waiting(7)).isTrue();
    now.addAndGet(Duration.ofMillis(100).toNanos());
    assertThat(retries.waiting(7)).isFalse();
    assertThat(retries.waiting(8)).as("other mails go on").isFalse();
  }

  @Test
  void backoffShouldStopGrowingAtFiveMinutes() {
    for (int i = 0; i < 40; i++) {
      retries.failed(7, new IOException("down"));
    }
    now.addAndGet(MailRetries.MAX_BACKOFF.toNanos());
    assertThat(retries.waiting(7)).isFalse();
  }

  @Test
  void mailShouldBePermanentWhenKafkaKeepsRefusingItForAReasonThatDoesNotPass() throws Exception {
    KafkaPublishException tooLarge = new KafkaPublishException("Kafka did not acknowledge", new RecordTooLargeException("too large"));
    for (int i = 1; i < MailRetries.MAX_REFUSALS; i++) {
      retries.failed(7, tooLarge);
      retries.checkRefusals(7);
    }
    retries.failed(7, tooLarge);
    assertThatThrownBy(() -> retries.checkRefusals(7))
        .isInstanceOf(PermanentMailException.class)
        .hasMessage("Kafka refused this mail's records 5 times: Kafka did not acknowledge");
  }

  @Test
  void refusalsShouldStartAgainWhenATransientFailureComesBetween() throws Exception {
    KafkaPublishException tooLarge = new KafkaPublishException("refused", new RecordTooLargeException("too large"));
    for (int i = 1; i < MailRetries.MAX_REFUSALS; i++) {
      retries.failed(7, tooLarge);
    }
    retries.failed(7, new KafkaPublishException("Kafka did not acknowledge within PT2M", null));
    retries.failed(7, tooLarge);
    retries.checkRefusals(7);
  }

  @Test
  void stuckCountShouldCoverFailedAndWaitingMailsOfOnePoll() {
    retries.failed(1, new IOException("x"));
    retries.waiting(1);
    retries.waiting(2);
    assertThat(retries.takeStuck()).isEqualTo(2);
    assertThat(retries.takeStuck()).isZero();
  }
}
