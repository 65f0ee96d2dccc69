package org.dmarcpipeline.schema.xml;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.UnmarshalException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.jaxb.PolicyPublishedType;
import org.dmarcpipeline.schema.jaxb.RecordType;
import org.dmarcpipeline.schema.jaxb.ReportMetadataType;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.model.PolicyPublished;
import org.dmarcpipeline.schema.model.ReportMetadata;
import org.dmarcpipeline.schema.model.ReportRecord;
import org.dmarcpipeline.schema.unpack.UnpackLimitException;

/**
 * Reads one DMARC aggregate report XML document.
 *
 * <p>The document is walked with StAX and each child of {@code feedback} is unmarshalled on its
 * own, so JAXB never builds the whole tree. Thread-safe: one instance serves every thread.
 */
public final class AggregateReportReader {

  private static final JAXBContext JAXB = createContext();

  private final XMLInputFactory factory = SecureXmlInputFactory.create();
  private final ReaderLimits limits;

  public AggregateReportReader() {
    this(ReaderLimits.DEFAULTS);
  }

  public AggregateReportReader(ReaderLimits limits) {
    this.limits = limits;
  }

  /**
   * Parses a report from XML bytes (any encoding the XML declaration or a BOM announces).
   *
   * @throws InvalidReportException when the input is not a DMARC aggregate report, is not
   *     well-formed, carries a DTD, uses an unknown namespace or breaks a limit
   */
  public AggregateReport read(InputStream xml) throws InvalidReportException {
    XMLStreamReader raw = null;
    try {
      raw = factory.createXMLStreamReader(xml);
      return read(new NamespaceNormalizingReader(raw));
    } catch (XMLStreamException | JAXBException e) {
      UnpackLimitException limit = limitIn(e);
      if (limit != null) {
        throw new InvalidReportException(limit.getMessage(), limit);
      }
      throw new InvalidReportException("not well-formed XML: " + describe(e), e);
    } finally {
      close(raw);
    }
  }

  private AggregateReport read(NamespaceNormalizingReader xml)
      throws XMLStreamException, JAXBException, InvalidReportException {
    moveToRoot(xml);
    if (!"feedback".equals(xml.getLocalName())) {
      throw new InvalidReportException(
          "not a DMARC aggregate report: root element is <" + xml.getLocalName() + ">");
    }
    String namespace = xml.originalNamespaceUri();

    Warnings warnings = new Warnings();
    ReportMapper mapper = new ReportMapper(limits, warnings);
    Unmarshaller unmarshaller = JAXB.createUnmarshaller();
    unmarshaller.setEventHandler(event -> keepGoing(event, warnings));

    String version = null;
    ReportMetadata metadata = null;
    PolicyPublished policy = null;
    List<RecordType> pending = new ArrayList<>();
    List<ReportRecord> records = new ArrayList<>();
    int recordCount = 0;

    xml.next();
    while (true) {
      int event = xml.getEventType();
      if (event == XMLStreamConstants.END_ELEMENT) {
        break;
      }
      if (event == XMLStreamConstants.END_DOCUMENT) {
        throw new InvalidReportException("not a DMARC aggregate report: document ends inside <feedback>");
      }
      if (event != XMLStreamConstants.START_ELEMENT) {
        xml.next();
        continue;
      }
      switch (xml.getLocalName()) {
        case "version" -> {
          version = xml.getElementText().strip();
          xml.next();
        }
        case "report_metadata" ->
            metadata = mapper.metadata(unmarshaller.unmarshal(xml, ReportMetadataType.class).getValue());
        case "policy_published" ->
            policy = mapper.policy(unmarshaller.unmarshal(xml, PolicyPublishedType.class).getValue());
        case "record" -> {
          if (++recordCount > limits.maxRecords()) {
            throw new InvalidReportException(
                "invalid report: more than " + limits.maxRecords() + " records");
          }
          pending.add(unmarshaller.unmarshal(xml, RecordType.class).getValue());
          // Records are mapped as soon as the header is known; a report that puts them first
          // is buffered until then.
          if (metadata != null && policy != null) {
            mapPending(mapper, pending, recordCount, records);
          }
        }
        default -> {
          warnings.add(
              "unknown_element",
              "feedback." + xml.getLocalName(),
              "element <" + xml.getLocalName() + "> ignored");
          skipElement(xml);
        }
      }
    }
    if (metadata == null) {
      throw new InvalidReportException("not a DMARC aggregate report: no <report_metadata>");
    }
    if (policy == null) {
      throw new InvalidReportException("not a DMARC aggregate report: no <policy_published>");
    }
    mapPending(mapper, pending, recordCount, records);
    if (recordCount == 0) {
      warnings.add("no_records", "feedback.record", "report has no records");
    }
    return new AggregateReport(namespace, version, metadata, policy, records, warnings.list());
  }

  /** Maps buffered records; {@code seen} counts every record element read so far. */
  private static void mapPending(
      ReportMapper mapper, List<RecordType> pending, int seen, List<ReportRecord> records)
      throws InvalidReportException {
    int index = seen - pending.size();
    for (RecordType record : pending) {
      mapper.record(record, index++).ifPresent(records::add);
    }
    pending.clear();
  }

  private static void moveToRoot(XMLStreamReader xml)
      throws XMLStreamException, InvalidReportException {
    while (xml.hasNext()) {
      int event = xml.next();
      if (event == XMLStreamConstants.DTD) {
        throw new InvalidReportException(
            "refused: the document declares a DTD (<!DOCTYPE>), which DMARC reports never need");
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        return;
      }
    }
    throw new InvalidReportException("not a DMARC aggregate report: no XML element in the input");
  }

  private static void skipElement(XMLStreamReader xml) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
    xml.next();
  }

  private static boolean keepGoing(ValidationEvent event, Warnings warnings) {
    var locator = event.getLocator();
    String where = locator == null ? "" : "line " + locator.getLineNumber();
    warnings.add("xml_value", where, event.getMessage());
    return true;
  }

  /** A broken unpack limit surfaces inside the parser's exception; its reason is the one to give. */
  private static UnpackLimitException limitIn(Throwable e) {
    for (Throwable t = e; t != null; t = nextCause(t)) {
      if (t instanceof UnpackLimitException limit) {
        return limit;
      }
    }
    return null;
  }

  private static Throwable nextCause(Throwable t) {
    if (t instanceof XMLStreamException xse && xse.getNestedException() != null && xse.getNestedException() != t) {
      return xse.getNestedException();
    }
    if (t instanceof JAXBException je && je.getLinkedException() != null && je.getLinkedException() != t) {
      return je.getLinkedException();
    }
    return t.getCause() == t ? null : t.getCause();
  }

  private static String describe(Exception e) {
    Throwable cause = e;
    if (e instanceof UnmarshalException && e.getCause() != null) {
      cause = e.getCause();
    } else if (e instanceof JAXBException && ((JAXBException) e).getLinkedException() != null) {
      cause = ((JAXBException) e).getLinkedException();
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    message = message.replaceAll("\\s+", " ").strip();
    return message.length() > 300 ? message.substring(0, 300) + "..." : message;
  }

  private static void close(XMLStreamReader reader) {
    if (reader != null) {
      try {
        reader.close();
      } catch (XMLStreamException ignored) {
        // closing a reader over an in-memory or already-failed stream has nothing to report
      }
    }
  }

  private static JAXBContext createContext() {
    try {
      return JAXBContext.newInstance(ReportMetadataType.class, PolicyPublishedType.class, RecordType.class);
    } catch (JAXBException e) {
      throw new IllegalStateException("JAXB classes generated from the XSD do not load", e);
    }
  }
}
