package org.dmarcpipeline.ingest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentFailuresTest {

  @Test
  void reasonShouldNameTheProblemOnOneLine() {
    assertThat(ContentFailures.reason(new ArithmeticException("Underflow")))
        .isEqualTo("cannot be parsed: ArithmeticException: Underflow");
    assertThat(ContentFailures.reason(new NumberFormatException("For input\nstring: \"x\"")))
        .isEqualTo("cannot be parsed: NumberFormatException: For input string: \"x\"");
    assertThat(ContentFailures.reason(new IllegalStateException())).isEqualTo("cannot be parsed: IllegalStateException");
    assertThat(ContentFailures.reason(new StackOverflowError())).contains("StackOverflowError");
    assertThat(ContentFailures.reason(new OutOfMemoryError("Java heap space"))).contains("OutOfMemoryError");
  }

  @Test
  void reasonShouldBeShortWhenTheMessageIsLong() {
    assertThat(ContentFailures.reason(new IllegalArgumentException("x".repeat(10_000)))).hasSizeLessThan(310);
  }
}
