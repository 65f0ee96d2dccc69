package org.dmarcpipeline.schema.model;

import java.util.List;
import java.util.Objects;

/**
 * {@code report_metadata}: who sent the report and for which period.
 *
 * @param orgName never blank (falls back to the domain of {@code email}, with a warning)
 * @param email may be null when the reporter left it out
 * @param extraContactInfo nullable
 * @param reportId never blank
 * @param errors {@code error} elements as the reporter wrote them, never null
 * @param generator RFC 9990: the software that wrote the report, nullable
 */
public record ReportMetadata(
    String orgName,
    String email,
    String extraContactInfo,
    String reportId,
    DateRange dateRange,
    List<String> errors,
    String generator) {
  public ReportMetadata {
    Objects.requireNonNull(orgName, "org_name");
    Objects.requireNonNull(reportId, "report_id");
    Objects.requireNonNull(dateRange, "date_range");
    errors = List.copyOf(errors);
  }
}
