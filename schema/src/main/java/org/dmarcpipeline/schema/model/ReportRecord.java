package org.dmarcpipeline.schema.model;

import java.util.List;
import java.util.Objects;

/**
 * One {@code record} of an aggregate report.
 *
 * @param index position of the record element in the report, 0-based, counting skipped ones too:
 *     it makes the record's id, so a parser fix that keeps a once-skipped row does not shift the
 *     ids of the rows after it
 * @param extensions RFC 9990 record-level {@code extension} elements, as XML text, never null
 */
public record ReportRecord(
    int index, Row row, Identifiers identifiers, AuthResults authResults, List<String> extensions) {
  public ReportRecord {
    extensions = List.copyOf(extensions);
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative: " + index);
    }
    Objects.requireNonNull(row, "row");
    Objects.requireNonNull(identifiers, "identifiers");
    Objects.requireNonNull(authResults, "auth_results");
  }
}
