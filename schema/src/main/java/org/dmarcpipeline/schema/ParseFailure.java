package org.dmarcpipeline.schema;

import jakarta.xml.bind.JAXBException;
import java.io.CharConversionException;
import javax.xml.stream.XMLStreamException;
import org.dmarcpipeline.schema.unpack.UnpackException;
import org.dmarcpipeline.schema.xml.UnknownNamespaceException;

/**
 * Names the layer a report failed in, from whatever the unpacker, the XML parser or JAXB threw:
 * a limit, the zip or gzip layer, the XML encoding, the namespace, or XML structure. The reason
 * found deepest in the chain wins, since the parser and JAXB wrap what they meet in their own
 * exceptions.
 */
public final class ParseFailure {

  private ParseFailure() {}

  public static InvalidReportException of(Throwable failure) {
    for (Throwable t = failure; t != null; t = cause(t)) {
      if (t instanceof UnpackException unpack) {
        return new InvalidReportException(unpack.getMessage(), failure);
      }
      if (t instanceof UnknownNamespaceException namespace) {
        return new InvalidReportException("unknown namespace: " + namespace.reason(), failure);
      }
      if (t instanceof CharConversionException encoding) {
        return new InvalidReportException("XML encoding: the bytes are not valid in the document's encoding: " + describe(encoding), failure);
      }
    }
    Throwable innermost = failure;
    for (Throwable t = failure; t != null; t = cause(t)) {
      if (t.getMessage() != null) {
        innermost = t;
      }
    }
    return new InvalidReportException("not well-formed XML: " + describe(innermost), failure);
  }

  private static Throwable cause(Throwable t) {
    Throwable next = t.getCause();
    if (t instanceof XMLStreamException xse && xse.getNestedException() != null) {
      next = xse.getNestedException();
    } else if (t instanceof JAXBException je && je.getLinkedException() != null) {
      next = je.getLinkedException();
    }
    return next == t ? null : next;
  }

  /** One line of at most 300 characters: reasons quote the input, which is anyone's. */
  private static String describe(Throwable cause) {
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    message = message.replaceAll("\\s+", " ").strip();
    return message.length() > 300 ? message.substring(0, 300) + "..." : message;
  }
}
