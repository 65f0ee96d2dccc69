package org.dmarcpipeline.schema.xml;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * Presents elements of every accepted DMARC namespace as "no namespace", so that one set of JAXB
 * classes reads RFC 7489, dmarc-xml/0.1 and RFC 9990 reports. An element in any other namespace
 * stops the read.
 */
final class NamespaceNormalizingReader extends StreamReaderDelegate {

  NamespaceNormalizingReader(XMLStreamReader reader) {
    super(reader);
  }

  @Override
  public int next() throws XMLStreamException {
    int event = super.next();
    if (event == START_ELEMENT) {
      String uri = super.getNamespaceURI();
      if (DmarcNamespace.of(uri).isEmpty()) {
        throw new XMLStreamException(
            "element <" + super.getLocalName() + "> is in unknown namespace " + uri,
            getLocation());
      }
    }
    return event;
  }

  @Override
  public int nextTag() throws XMLStreamException {
    int event = next();
    while ((event == CHARACTERS && isWhiteSpace())
        || event == SPACE
        || event == COMMENT
        || event == PROCESSING_INSTRUCTION) {
      event = next();
    }
    if (event != START_ELEMENT && event != END_ELEMENT) {
      throw new XMLStreamException("expected a start or end tag", getLocation());
    }
    return event;
  }

  /** The namespace as it appears in the document. */
  String originalNamespaceUri() {
    String uri = super.getNamespaceURI();
    return uri == null ? "" : uri;
  }

  @Override
  public String getNamespaceURI() {
    int event = getEventType();
    if (event == START_ELEMENT || event == END_ELEMENT) {
      return XMLConstants.NULL_NS_URI;
    }
    return super.getNamespaceURI();
  }

  @Override
  public QName getName() {
    return new QName(getLocalName());
  }

  @Override
  public String getPrefix() {
    return XMLConstants.DEFAULT_NS_PREFIX;
  }
}
