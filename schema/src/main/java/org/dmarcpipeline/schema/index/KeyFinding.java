package org.dmarcpipeline.schema.index;

import com.fasterxml.jackson.annotation.JsonValue;

/** An unhealthy DKIM key as indexed ({@code dkim_keys.status}): its {@link KeyStatus}, or for a present key its {@link KeyStrength}. */
public enum KeyFinding implements DnsFinding {
  ABSENT("absent"),
  REVOKED("revoked"),
  INVALID("invalid"),
  /** RSA under 2048 bits. */
  SHORT("short"),
  /** RSA under 1024 bits. */
  WEAK("weak"),
  TEMPERROR("temperror"),
  UNCHECKED("unchecked");

  private final String word;

  KeyFinding(String word) {
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

  /** The finding for a key the check found {@code status} with {@code strength}: none for a present key of good strength. */
  public static KeyFinding of(KeyStatus status, KeyStrength strength) {
    return switch (status) {
      case PRESENT -> strength == null ? null : switch (strength) {
        case OK -> null;
        case SHORT -> SHORT;
        case WEAK -> WEAK;
      };
      case REVOKED -> REVOKED;
      case ABSENT -> ABSENT;
      case INVALID -> INVALID;
      case TEMPERROR -> TEMPERROR;
      case UNCHECKED -> UNCHECKED;
    };
  }
}
