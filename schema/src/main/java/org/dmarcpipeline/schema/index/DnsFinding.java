package org.dmarcpipeline.schema.index;

/**
 * A word of one DNS check's vocabulary, as indexed. Every check can end without an answer: {@code
 * temperror} (DNS did not answer) or {@code unchecked} (over the lookup budget or the poll's
 * deadline), and neither is ever a failure of the domain.
 */
public interface DnsFinding {

  /** The word as indexed, lower case. */
  String word();

  /**
   * True for {@code temperror} and {@code unchecked}: the finding says nothing about the domain,
   * so it is neither alerted on nor remembered.
   */
  boolean unanswered();
}
