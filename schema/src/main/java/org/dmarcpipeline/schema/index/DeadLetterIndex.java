package org.dmarcpipeline.schema.index;

import org.dmarcpipeline.schema.deadletter.Stage;
import org.dmarcpipeline.schema.fingerprint.Sha256;

/**
 * Where analysts see what could not be indexed: one document per dead letter, with the reason;
 * the bytes themselves stay on the dead-letter topic.
 */
public final class DeadLetterIndex {

  public static final String INDEX = "dmarc-dead-letters";
  public static final String TEMPLATE_NAME = "dmarc-dead-letters";

  private DeadLetterIndex() {}

  /**
   * The document id of a dead letter, the same however often it is read or written: a processor
   * dead letter is one per source position and reason (the id it has always had); an ingest dead
   * letter is one per mailbox, mail and reason, so a mail dead-lettered again after a crash stays
   * one document.
   */
  public static String idOf(DeadLetterDocument document) {
    String input = Stage.INGEST.word().equals(document.stage()) ? document.source() + "\n" + document.key() : document.source();
    return Sha256.hex(input + "\n" + document.reason());
  }
}
