package org.dmarcpipeline.schema.model;

import java.util.List;

/**
 * What is known of a report once it has been read to the end.
 *
 * @param recordElements {@code record} elements in the document
 * @param records records kept (the others were skipped with a warning)
 * @param messages sum of the kept records' counts
 * @param warnings repairs and skipped rows, never null
 * @param extensions RFC 9990 report-level {@code extension} elements as XML text, never null
 */
public record ReportTotals(
    int recordElements, int records, long messages, List<ParseWarning> warnings, List<String> extensions) {
  public ReportTotals {
    warnings = List.copyOf(warnings);
    extensions = List.copyOf(extensions);
  }
}
