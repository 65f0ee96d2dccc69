package org.dmarcpipeline.schema.xml;

import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;

/** An element in a namespace that is not DMARC's: the report is refused, naming the namespace. */
public final class UnknownNamespaceException extends XMLStreamException {

  private final String reason;

  UnknownNamespaceException(String reason, Location location) {
    super(reason, location);
    this.reason = reason;
  }

  /** The reason without the parser's location prefix. */
  public String reason() {
    return reason;
  }
}
