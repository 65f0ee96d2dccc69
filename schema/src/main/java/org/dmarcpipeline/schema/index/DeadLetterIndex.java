package org.dmarcpipeline.schema.index;

import java.io.InputStream;

/**
 * Where analysts see what could not be indexed: one document per dead letter, with the reason;
 * the bytes themselves stay on the dead-letter topic.
 */
public final class DeadLetterIndex {

  public static final String INDEX = "dmarc-dead-letters";
  public static final String TEMPLATE_NAME = "dmarc-dead-letters";

  private DeadLetterIndex() {}

  /** The body of {@code PUT _index_template/dmarc-dead-letters}. */
  public static InputStream template() {
    return RecordIndex.resource("dmarc-dead-letters-template.json");
  }
}
