package org.dmarcpipeline.schema.index;

import com.fasterxml.jackson.annotation.JsonValue;

/** The DMARC record a domain publishes now ({@code dmarc_now.status}). */
public enum DmarcStatus implements DnsFinding {
  /** One usable record. */
  FOUND("found"),
  /** No record at the domain or its organizational domain. */
  NONE("none"),
  /** More than one record: treated as none, RFC 7489 6.6.3. */
  MULTIPLE("multiple"),
  /** A record DMARC cannot use. */
  INVALID("invalid"),
  TEMPERROR("temperror"),
  UNCHECKED("unchecked");

  private final String word;

  DmarcStatus(String word) {
    this.word = word;
  }

  @Override
  @JsonValue
  public String word() {
    return word;
  }

  @Override
  public boolean unanswered() {
    return this == TEMPERROR || this == UNCHECKED;
  }
}
