package org.dmarcpipeline.schema.model;

import java.util.Objects;

/**
 * What a report says about itself before its records: known once {@code report_metadata} and
 * {@code policy_published} are read.
 *
 * @param namespace the XML namespace the report used, empty string for none
 * @param version the {@code version} element, nullable
 */
public record ReportHeader(
    String namespace, String version, ReportMetadata reportMetadata, PolicyPublished policyPublished) {
  public ReportHeader {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(reportMetadata, "report_metadata");
    Objects.requireNonNull(policyPublished, "policy_published");
  }

  public ReportIdentity identity() {
    return ReportIdentity.of(reportMetadata, policyPublished);
  }
}
