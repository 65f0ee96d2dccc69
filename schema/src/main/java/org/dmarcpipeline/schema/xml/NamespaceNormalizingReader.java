package org.dmarcpipeline.schema.xml;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * Presents elements of every accepted DMARC namespace as "no namespace", so that one set of JAXB
 * classes reads RFC 7489, dmarc-xml/0.1 and RFC 9990 reports. An element in any other namespace
 * stops the read, with two exceptions: the content of an {@code extension} element (RFC 9990 lets
 * it hold anything, and it is kept as written), and a stray {@code xs:schema} start tag around the
 * report, which some reporters emit.
 */
final class NamespaceNormalizingReader extends StreamReaderDelegate {

  private int depth;
  private int extensionDepth;
  private boolean raw;

  NamespaceNormalizingReader(XMLStreamReader reader) {
    super(reader);
  }

  @Override
  public int next() throws XMLStreamException {
    int event = super.next();
    if (event == START_ELEMENT) {
      depth++;
      if (extensionDepth > 0) {
        extensionDepth++;
        raw = true;
      } else {
        raw = false;
        checkNamespace();
        if ("extension".equals(super.getLocalName())) {
          extensionDepth = 1;
        }
      }
    } else if (event == END_ELEMENT) {
      depth--;
      if (extensionDepth > 0) {
        raw = extensionDepth > 1;
        extensionDepth--;
      } else {
        raw = false;
      }
    }
    return event;
  }

  private void checkNamespace() throws XMLStreamException {
    String uri = super.getNamespaceURI();
    if (DmarcNamespace.of(uri).isPresent()) {
      return;
    }
    if (depth == 1 && isStraySchemaTag()) {
      return;
    }
    throw new XMLStreamException(
        "element <" + super.getLocalName() + "> is in unknown namespace " + uri, getLocation());
  }

  /** The current element is an {@code xs:schema} start tag (allowed only around the report). */
  boolean isStraySchemaTag() {
    return "schema".equals(super.getLocalName())
        && XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(super.getNamespaceURI());
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

  private boolean normalized() {
    int event = getEventType();
    return !raw && (event == START_ELEMENT || event == END_ELEMENT);
  }

  @Override
  public String getNamespaceURI() {
    return normalized() ? XMLConstants.NULL_NS_URI : super.getNamespaceURI();
  }

  @Override
  public QName getName() {
    return normalized() ? new QName(getLocalName()) : super.getName();
  }

  @Override
  public String getPrefix() {
    return normalized() ? XMLConstants.DEFAULT_NS_PREFIX : super.getPrefix();
  }
}
