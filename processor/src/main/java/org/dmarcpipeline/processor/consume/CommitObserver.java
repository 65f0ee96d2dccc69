package org.dmarcpipeline.processor.consume;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Told the offsets the processor is about to commit: every record below them is acknowledged by
 * Elasticsearch or dead-lettered. For metrics, and for the test that kills the processor in exactly
 * this moment (case K3).
 */
@FunctionalInterface
public interface CommitObserver {

  CommitObserver NONE = offsets -> {};

  void committing(Map<TopicPartition, OffsetAndMetadata> offsets);
}
