package org.dmarcpipeline.schema.xml;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;

/**
 * The only way this project creates a StAX factory.
 *
 * <p>Reports come from anyone on the internet: no DTD, no entity expansion, no external fetch.
 * The JDK implementation is chosen explicitly so that another StAX provider on the classpath (such
 * as Woodstox) cannot silently ignore one of these settings. The reader still rejects the DTD
 * event itself, since the JDK parser skips a DOCTYPE without error when DTDs are off.
 */
public final class SecureXmlInputFactory {

  private SecureXmlInputFactory() {}

  public static XMLInputFactory create() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    // Without a reporter of its own, the JDK's parser prints some fatal errors (an invalid byte in
    // the encoding) to stderr as "[Fatal Error] :-1:-1: ..." before throwing them; the exception
    // alone carries the reason, which the caller reports in its own words.
    factory.setXMLReporter((message, errorType, relatedInformation, location) -> {});
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external entity refused: " + systemId);
        });
    return factory;
  }
}
