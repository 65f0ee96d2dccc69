package org.dmarcpipeline.ingest.mail;

/**
 * What a failure to read a mail's content says about the mail. Whatever parsing a mail throws,
 * an exception, a stack overflow (nesting deeper than the parser's stack) or running out of heap
 * on this one mail, the same bytes will throw it again: the failure is the mail's, permanent, and
 * the mail goes to the dead letter instead of being retried on every poll. Other errors (a class
 * missing, an internal JVM error) are not the mail's fault and are not caught.
 */
public final class ContentFailures {

  private static final int MAX_REASON = 300;

  private ContentFailures() {}

  /** One line naming the problem, for the dead letter's reason. */
  public static String reason(Throwable failure) {
    String reason = switch (failure) {
      case StackOverflowError e -> "nested too deep to parse (StackOverflowError)";
      case OutOfMemoryError e -> "too large to parse in ingest's heap (OutOfMemoryError)";
      default -> "cannot be parsed: " + failure.getClass().getSimpleName()
          + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    };
    String line = reason.replaceAll("\\s+", " ").strip();
    return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "..." : line;
  }
}
