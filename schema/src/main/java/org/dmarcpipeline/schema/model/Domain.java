package org.dmarcpipeline.schema.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A domain name in its normal form: lower case, no trailing dot, at most {@value #MAX_LENGTH}
 * characters, each label 1 to {@value #MAX_LABEL_LENGTH}. Validated once, in {@link #of}; equal
 * when the normal forms are. In JSON it is the plain string. Characters are not restricted: reports
 * name domains with underscores, and internationalised ones in either form.
 *
 * @param name the normal form, never null
 */
public record Domain(String name) {

  public static final int MAX_LENGTH = 253;
  public static final int MAX_LABEL_LENGTH = 63;

  public Domain {
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * The domain {@code text} names, in normal form.
   *
   * @throws IllegalArgumentException when it is empty, too long, or has an empty or too long label
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Domain of(String text) {
    return new Domain(normalize(text));
  }

  /**
   * {@code text} stripped, in lower case and without a trailing dot; not validated. For a reader
   * that must keep what it has always accepted while normalising the same way.
   */
  public static String normalize(String text) {
    String lower = text.strip().toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /** What is wrong with {@code name} as a normal form; null when nothing. */
  private static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "a domain name cannot be empty";
    }
    if (!name.equals(normalize(name))) {
      return "not in normal form (lower case, no blanks or trailing dot): " + name;
    }
    if (name.length() > MAX_LENGTH) {
      return "a domain name has at most " + MAX_LENGTH + " characters: " + name.length();
    }
    int start = 0;
    while (start <= name.length()) {
      int dot = name.indexOf('.', start);
      int end = dot < 0 ? name.length() : dot;
      if (end == start || end - start > MAX_LABEL_LENGTH) {
        return "each label of a domain name has 1 to " + MAX_LABEL_LENGTH + " characters: " + name;
      }
      start = end + 1;
    }
    return null;
  }

  @JsonValue
  @Override
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}
