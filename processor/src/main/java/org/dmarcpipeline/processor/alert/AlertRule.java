package org.dmarcpipeline.processor.alert;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** One alert rule, evaluated from Elasticsearch aggregations: no state in the process. */
public interface AlertRule {

  /** The rule's id, part of every alert id it raises. */
  RuleId id();

  /** What holds at {@code now}. */
  List<AlertCondition> evaluate(ElasticsearchClient es, Instant now) throws IOException;
}
