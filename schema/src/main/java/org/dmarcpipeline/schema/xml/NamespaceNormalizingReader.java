package org.dmarcpipeline.schema.xml;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import org.dmarcpipeline.schema.unpack.UnpackLimitException;

/**
 * Presents elements of every accepted DMARC namespace as "no namespace", so that one set of JAXB
 * classes reads RFC 7489, dmarc-xml/0.1 and RFC 9990 reports. An element in any other namespace
 * stops the read, with two exceptions: the content of an {@code extension} element (RFC 9990 lets
 * it hold anything, and it is kept as written), and a stray {@code xs:schema} start tag around the
 * report, which some reporters emit.
 *
 * <p>It also holds each part of a report (a child of {@code feedback}) to the part limits of
 * {@link ReaderLimits} while it is read, so that neither JAXB nor the record binder can be made to
 * collect an unbounded list or string from one part.
 */
final class NamespaceNormalizingReader extends StreamReaderDelegate {

  /** A report is 5 levels deep and an RFC 9990 extension a few more; the JDK 24+ default is 100. */
  static final int MAX_DEPTH = 64;

  private final ReaderLimits limits;
  private int depth;
  private int extensionDepth;
  private boolean raw;
  private String part;
  private long partChars;
  private int partElements;

  NamespaceNormalizingReader(XMLStreamReader reader, ReaderLimits limits) {
    super(reader);
    this.limits = limits;
  }

  /** Starts counting the part whose start tag is the current event, named {@code name}. */
  void startPart(String name) {
    part = name;
    partChars = 0;
    partElements = 0;
  }

  @Override
  public int next() throws XMLStreamException {
    int event = super.next();
    if (part != null) {
      count(event);
    }
    if (event == START_ELEMENT) {
      if (++depth > MAX_DEPTH) {
        // JAXB and the extension writer recurse per level; a JDK older than 24 sets no depth limit
        String reason = "refused: elements nested more than " + MAX_DEPTH + " deep";
        throw new XMLStreamException(reason, new UnpackLimitException(reason));
      }
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

  private void count(int event) throws XMLStreamException {
    if (event == START_ELEMENT) {
      if (++partElements > limits.maxPartElements()) {
        throw overLimit("elements", limits.maxPartElements(), "dmarc.parse.max-part-elements");
      }
    } else if (event == CHARACTERS || event == CDATA || event == SPACE) {
      partChars += super.getTextLength();
      if (partChars > limits.maxPartChars()) {
        throw overLimit("characters of text", limits.maxPartChars(), "dmarc.parse.max-part-chars");
      }
    }
  }

  private XMLStreamException overLimit(String what, long limit, String setting) {
    String reason = "refused: <" + part + "> holds more than " + limit + " " + what + " (limit " + setting + ")";
    return new XMLStreamException(reason, new UnpackLimitException(reason));
  }

  private void checkNamespace() throws XMLStreamException {
    String uri = super.getNamespaceURI();
    if (DmarcNamespace.of(uri).isPresent()) {
      return;
    }
    if (depth == 1 && isStraySchemaTag()) {
      return;
    }
    throw new UnknownNamespaceException(
        "element <" + super.getLocalName() + "> is in namespace " + uri, getLocation());
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
