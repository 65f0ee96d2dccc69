package org.dmarcpipeline.schema.model;

/**
 * A problem in a report that was repaired or skipped instead of rejecting the whole report.
 *
 * @param code stable machine-readable kind, such as {@code result_word_case}; never null
 * @param where the element path it concerns, such as {@code record[3].row.source_ip}
 * @param message what was found and what was done about it
 */
public record ParseWarning(WarningCode code, String where, String message) {}
