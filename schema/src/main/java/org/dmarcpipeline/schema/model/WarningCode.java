package org.dmarcpipeline.schema.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a {@link ParseWarning} is about: each repair or skip the parser makes instead of rejecting
 * the report. The word is the stable code written to the reports topic, the reports index ({@code
 * warnings.code}, {@code warning_codes}) and the dashboards; never rename one.
 */
public enum WarningCode {
  // the report as a whole
  STRAY_SCHEMA_TAG("stray_schema_tag"),
  UNKNOWN_ELEMENT("unknown_element"),
  NO_RECORDS("no_records"),
  XML_VALUE("xml_value"),
  WARNINGS_TRUNCATED("warnings_truncated"),

  // report_metadata
  ORG_NAME_MISSING("org_name_missing"),
  REPORT_ID_BRACKETS("report_id_brackets"),
  DATE_RANGE_REVERSED("date_range_reversed"),
  DATE_RANGE_LONG("date_range_long"),
  DATE_FRACTION("date_fraction"),
  DATE_MILLISECONDS("date_milliseconds"),
  /**
   * Retired: a period beginning in the future is refused now. Report summaries written by an
   * earlier release may still carry it on the reports topic, and must stay readable.
   */
  DATE_RANGE_FUTURE("date_range_future"),

  // policy_published
  POLICY_MISSING("policy_missing"),
  PCT_OUT_OF_RANGE("pct_out_of_range"),

  // a record that cannot be kept: rows kept plus these are the report's <record> elements
  FIELD_INVALID("field_invalid", true),
  ROW_MISSING("row_missing", true),
  SOURCE_IP_MISSING("source_ip_missing", true),
  SOURCE_IP_INVALID("source_ip_invalid", true),
  COUNT_INVALID("count_invalid", true),

  // a record kept with a repair or a gap
  IDENTITIES_ELEMENT("identities_element"),
  POLICY_EVALUATED_MISSING("policy_evaluated_missing"),
  REASON_EMPTY("reason_empty"),
  IDENTIFIERS_MISSING("identifiers_missing"),
  HEADER_FROM_MISSING("header_from_missing"),
  DKIM_DOMAIN_MISSING("dkim_domain_missing"),
  SPF_DOMAIN_MISSING("spf_domain_missing"),
  SPF_SCOPE_MISSING("spf_scope_missing"),
  SPF_RESULT_LEGACY("spf_result_legacy"),

  // any value
  NUMBER_NOTATION("number_notation"),
  RESULT_WORD_CASE("result_word_case"),
  UNKNOWN_WORD("unknown_word");

  private final String word;
  private final boolean skipsRow;

  WarningCode(String word) {
    this(word, false);
  }

  WarningCode(String word, boolean skipsRow) {
    this.word = word;
    this.skipsRow = skipsRow;
  }

  /** The code as JSON and the index write it, such as {@code count_invalid}. */
  @JsonValue
  public String word() {
    return word;
  }

  /**
   * True when the warning stands for a {@code record} element that was not kept. An auth result
   * skipped for want of a domain is not one: its row is kept.
   */
  public boolean skipsRow() {
    return skipsRow;
  }
}
