package org.dmarcpipeline.schema.model;

import java.util.Locale;
import java.util.Optional;

/**
 * A closed vocabulary of lower-case words from the report XML (result, disposition, scope...).
 * Implemented by our enums so that one parser handles the case-insensitive match and the
 * "repaired" signal for every one of them.
 */
public interface ResultWord {

  /** The word as the RFC writes it, lower case. */
  String word();

  /**
   * Finds the constant whose word equals {@code text} ignoring case and surrounding blanks.
   *
   * @return empty when {@code text} is null, blank or not a word of this vocabulary
   */
  static <E extends Enum<E> & ResultWord> Optional<E> lookup(Class<E> type, String text) {
    if (text == null) {
      return Optional.empty();
    }
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (constant.word().equals(wanted)) {
        return Optional.of(constant);
      }
    }
    return Optional.empty();
  }
}
