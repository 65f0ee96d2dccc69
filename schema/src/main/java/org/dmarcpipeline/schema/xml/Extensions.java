package org.dmarcpipeline.schema.xml;

import java.io.StringWriter;
import java.util.List;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.dmarcpipeline.schema.jaxb.ExtensionType;
import org.w3c.dom.Element;

/**
 * Writes RFC 9990 {@code extension} content back as XML text, so that it is kept as the reporter
 * wrote it without our model having to understand it.
 */
final class Extensions {

  private static final TransformerFactory TRANSFORMERS = TransformerFactory.newDefaultInstance();

  private Extensions() {}

  static String toXml(ExtensionType extension) {
    StringBuilder xml = new StringBuilder();
    for (Object item : extension.getContent()) {
      if (item instanceof Element element) {
        xml.append(serialize(element));
      } else if (item != null) {
        xml.append(escape(item.toString()));
      }
    }
    return xml.toString().strip();
  }

  static List<String> toXml(List<ExtensionType> extensions) {
    return extensions.stream().map(Extensions::toXml).filter(s -> !s.isEmpty()).toList();
  }

  private static String serialize(Element element) {
    try {
      // serialising an in-memory DOM: no parsing, nothing external is read
      Transformer transformer = TRANSFORMERS.newTransformer();
      transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      StringWriter out = new StringWriter();
      transformer.transform(new DOMSource(element), new StreamResult(out));
      return out.toString();
    } catch (TransformerException e) {
      throw new IllegalStateException("cannot write extension content back as XML", e);
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
