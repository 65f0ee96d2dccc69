package org.dmarcpipeline.processor.alert;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.dmarcpipeline.schema.json.DmarcJson;

/** Puts each notification on the alerts topic, keyed by alert id, for whatever else listens. */
public final class KafkaAlertSink implements AlertSink {

  private final Producer<String, byte[]> producer;
  private final String topic;

  public KafkaAlertSink(Producer<String, byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  @Override
  public void send(NotificationKind kind, Alert alert) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", kind);
    body.put("alert", alert);
    RecordHeaders headers = new RecordHeaders();
    headers.add("dmarc-alert-kind", kind.word().getBytes(StandardCharsets.UTF_8));
    producer.send(new ProducerRecord<>(topic, null, alert.id(), DmarcJson.encode(body), headers)).get(30, TimeUnit.SECONDS);
  }
}
