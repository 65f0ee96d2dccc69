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
    E[] constants = Words.constants(type);
    // nearly every report writes the word as the RFC does: no case folding, no copies, for that
    for (E constant : constants) {
      if (constant.word().equals(text)) {
        return Optional.of(constant);
      }
    }
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    for (E constant : constants) {
      if (constant.word().equals(wanted)) {
        return Optional.of(constant);
      }
    }
    return Optional.empty();
  }

  /** Each vocabulary's constants, read once: {@code getEnumConstants} copies the array on every call. */
  final class Words {
    private static final ClassValue<Object[]> CONSTANTS = new ClassValue<>() {
      @Override
      protected Object[] computeValue(Class<?> type) {
        return type.getEnumConstants();
      }
    };

    private Words() {}

    @SuppressWarnings("unchecked")
    static <E> E[] constants(Class<E> type) {
      return (E[]) CONSTANTS.get(type);
    }
  }
}
