package org.dmarcpipeline.processor;

import java.util.concurrent.atomic.AtomicBoolean;
import org.dmarcpipeline.processor.config.ElasticsearchConnection;
import org.dmarcpipeline.processor.config.ProcessorConfig;
import org.dmarcpipeline.schema.config.KafkaConnection;
import org.dmarcpipeline.schema.config.Topics;

/**
 * The processor in a process of its own whose poll loop throws at its first commit, as a bug in
 * the loop would. {@code FailingLoopProcess BOOTSTRAP ES_URL TOPIC_SUFFIX GROUP}
 */
public final class FailingLoopProcess {

  static final String FAILURE = "injected failure in the poll loop";

  private FailingLoopProcess() {}

  public static void main(String[] args) throws Exception {
    ProcessorConfig config = new ProcessorConfig(KafkaConnection.plaintext(args[0]), Topics.DEFAULTS.withSuffix(args[2]), args[3],
        ElasticsearchConnection.local(args[1]), 100, 1);
    AtomicBoolean thrown = new AtomicBoolean();
    ProcessorService.start(config, offsets -> {
      if (thrown.compareAndSet(false, true)) {
        throw new IllegalStateException(FAILURE);
      }
    });
    Thread.currentThread().join();
  }
}
