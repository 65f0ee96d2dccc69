package org.dmarcpipeline.schema.record;

import java.util.Objects;
import org.dmarcpipeline.schema.model.PolicyPublished;
import org.dmarcpipeline.schema.model.ReportMetadata;
import org.dmarcpipeline.schema.model.ReportRecord;

/**
 * One report row as it travels on the records topic: the row plus its report's metadata and
 * published policy, so that every consumer can work on a row alone.
 *
 * @param id the Elasticsearch {@code _id} and Kafka key; the same report row always gets the same
 *     id, so a replay overwrites instead of duplicating
 * @param reportKey identity of the report (reporter, report id, policy domain, period)
 * @param reportFingerprint SHA-256 of the report XML: equal keys with different fingerprints mean a
 *     different report reusing an id (both are kept)
 * @param namespace XML namespace the report used, empty for none
 * @param version the report's {@code version} element, nullable
 */
public record AggregateRecord(
    String id,
    String reportKey,
    String reportFingerprint,
    String namespace,
    String version,
    ReportMetadata reportMetadata,
    PolicyPublished policyPublished,
    ReportRecord record) {
  public AggregateRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reportKey, "report_key");
    Objects.requireNonNull(reportFingerprint, "report_fingerprint");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(reportMetadata, "report_metadata");
    Objects.requireNonNull(policyPublished, "policy_published");
    Objects.requireNonNull(record, "record");
  }
}
