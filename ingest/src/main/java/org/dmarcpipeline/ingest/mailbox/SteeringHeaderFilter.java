package org.dmarcpipeline.ingest.mailbox;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Removes every header through which a mail could tell Camel where to move, copy or delete it.
 * The routes read mail unmapped (no mail header becomes a Camel header); this is the second wall,
 * in case that setting ever changes. Camel's header map ignores case, so {@code MoveTo} goes too.
 */
final class SteeringHeaderFilter implements Processor {

  @Override
  public void process(Exchange exchange) {
    Message in = exchange.getIn();
    in.removeHeaders("CamelMail*");
    in.removeHeader("moveTo");
    in.removeHeader("copyTo");
    in.removeHeader("delete");
  }
}
