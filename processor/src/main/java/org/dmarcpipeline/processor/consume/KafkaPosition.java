package org.dmarcpipeline.processor.consume;

import org.apache.kafka.common.TopicPartition;

/** Where a consumed record came from: what the ledger acknowledges. */
public record KafkaPosition(TopicPartition partition, long offset) {}
