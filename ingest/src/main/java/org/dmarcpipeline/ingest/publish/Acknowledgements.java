package org.dmarcpipeline.ingest.publish;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;

/**
 * Counts the acknowledgements still due for one mail and keeps the first failure, in constant
 * memory however many records the mail holds (a future per record would not be).
 */
final class Acknowledgements {

  private final AtomicLong outstanding = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

  /** The callback to pass with one send. */
  Callback expect() {
    outstanding.incrementAndGet();
    return (metadata, exception) -> {
      if (exception != null) {
        firstFailure.compareAndSet(null, exception);
      }
      outstanding.decrementAndGet();
    };
  }

  /**
   * Waits until every expected acknowledgement arrived.
   *
   * @throws KafkaPublishException when one failed or they did not all arrive in time
   */
  void await(Producer<?, ?> producer, Duration timeout) throws KafkaPublishException {
    // flush sends what is still batched; it returns once every send so far has completed
    producer.flush();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (outstanding.get() > 0) {
      if (System.nanoTime() > deadline) {
        throw new KafkaPublishException("Kafka did not acknowledge within " + timeout, null);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaPublishException("interrupted while waiting for Kafka", e);
      }
    }
    Exception failure = firstFailure.get();
    if (failure != null) {
      throw new KafkaPublishException("Kafka did not acknowledge: " + failure.getMessage(), failure);
    }
  }
}
