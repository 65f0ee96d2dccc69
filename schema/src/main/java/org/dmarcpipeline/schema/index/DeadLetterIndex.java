package org.dmarcpipeline.schema.index;

/**
 * Where analysts see what could not be indexed: one document per dead letter, with the reason;
 * the bytes themselves stay on the dead-letter topic.
 */
public final class DeadLetterIndex {

  public static final String INDEX = "dmarc-dead-letters";
  public static final String TEMPLATE_NAME = "dmarc-dead-letters";

  private DeadLetterIndex() {}
}
