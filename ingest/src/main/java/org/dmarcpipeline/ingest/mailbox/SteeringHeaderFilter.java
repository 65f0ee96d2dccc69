package org.dmarcpipeline.ingest.mailbox;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Removes every header through which a mail could tell Camel where to move, copy or delete it.
 * Camel's mail message copies the mail's own headers into Camel headers on first access, even
 * unmapped, and reads {@code CamelMailMoveTo}, {@code CamelMailCopyTo} and {@code CamelMailDelete}
 * at commit time: without this filter a sender could steer its mail (case M10). Camel's header
 * map ignores case, so {@code MoveTo} goes too.
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
