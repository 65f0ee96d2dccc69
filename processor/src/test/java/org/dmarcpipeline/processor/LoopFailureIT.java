package org.dmarcpipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dmarcpipeline.schema.ReportParser;
import org.dmarcpipeline.schema.config.Topics;
import org.dmarcpipeline.schema.json.DmarcJson;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.AggregateRecords;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.services.ChildJvm;
import org.dmarcpipeline.testing.services.LocalStack;
import org.dmarcpipeline.testing.services.TempDirs;
import org.junit.jupiter.api.Test;

/** A processor whose poll loop dies does not stay up doing nothing: it exits and says why (issue 26). */
class LoopFailureIT {

  @Test
  void processorWhoseLoopThrowsShouldExitNonZeroWithOneLineSayingWhy() throws Exception {
    String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    Topics topics = Topics.DEFAULTS.withSuffix(suffix);
    String bootstrap = LocalStack.kafka().bootstrapServers();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topics.records(), 1, (short) 1), new NewTopic(topics.reports(), 1, (short) 1),
          new NewTopic(topics.deadLetter(), 1, (short) 1))).all().get();
    }
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
      for (AggregateRecord record : AggregateRecords.of(new ReportParser().parse(new ReportGenerator(2601).next(3, 1).xml()))) {
        producer.send(new ProducerRecord<>(topics.records(), record.id(), DmarcJson.encode(record))).get();
      }
    }
    Path dir = TempDirs.create("dmarc-loop-failure-");
    Path log = dir.resolve("child.log");
    try {
      Process child = new ProcessBuilder(ChildJvm.command(List.of(), FailingLoopProcess.class.getName(),
          bootstrap, LocalStack.elasticsearch().url(), suffix, "loop-failure" + suffix))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      boolean exited = child.waitFor(90, TimeUnit.SECONDS);
      if (!exited) {
        child.destroyForcibly();
      }
      String output = Files.readString(log);

      assertThat(exited).as("the process ended by itself:%n%s", output).isTrue();
      assertThat(child.exitValue()).as(output).isNotZero();
      List<String> lines = output.lines().filter(l -> l.contains("processor exiting")).toList();
      assertThat(lines).as(output).singleElement().satisfies(line -> assertThat(line)
          .contains("ERROR").contains("dmarc-processor").contains("IllegalStateException: " + FailingLoopProcess.FAILURE));
      assertThat(output.lines().filter(l -> l.strip().startsWith("at ")).toList()).as("no stack trace at the default level").isEmpty();
    } finally {
      TempDirs.deleteQuietly(dir);
    }
  }
}
