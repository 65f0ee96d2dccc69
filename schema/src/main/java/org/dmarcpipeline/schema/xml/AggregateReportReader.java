package org.dmarcpipeline.schema.xml;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.ParseFailure;
import org.dmarcpipeline.schema.ReportCollector;
import org.dmarcpipeline.schema.ReportHandler;
import org.dmarcpipeline.schema.jaxb.ExtensionType;
import org.dmarcpipeline.schema.jaxb.PolicyPublishedType;
import org.dmarcpipeline.schema.jaxb.RecordType;
import org.dmarcpipeline.schema.jaxb.ReportMetadataType;
import org.dmarcpipeline.schema.model.AggregateReport;
import org.dmarcpipeline.schema.model.PolicyPublished;
import org.dmarcpipeline.schema.model.ReportHeader;
import org.dmarcpipeline.schema.model.ReportMetadata;
import org.dmarcpipeline.schema.model.ReportRecord;
import org.dmarcpipeline.schema.model.ReportTotals;
import org.dmarcpipeline.schema.model.WarningCode;
import org.dmarcpipeline.schema.fingerprint.Sha256;
import org.dmarcpipeline.schema.unpack.UnpackException;

/**
 * Reads one DMARC aggregate report XML document, record by record.
 *
 * <p>The document is walked with StAX and each child of {@code feedback} is unmarshalled on its
 * own, so JAXB never builds the whole tree and a report of any size is read in constant memory.
 * Thread-safe: one instance serves every thread.
 */
public final class AggregateReportReader {

  /**
   * Records that arrive before {@code report_metadata} and {@code policy_published} (out-of-order
   * reports) are held until those are read; no real report needs more than this.
   */
  static final int MAX_RECORDS_BEFORE_HEADER = 10_000;

  private static final JAXBContext JAXB = createContext();

  private final XMLInputFactory factory = SecureXmlInputFactory.create();
  private final ReaderLimits limits;
  private final Clock clock;

  public AggregateReportReader() {
    this(ReaderLimits.DEFAULTS);
  }

  public AggregateReportReader(ReaderLimits limits) {
    this(limits, Clock.systemUTC());
  }

  /** With the clock that says how far in the future a report period may end (tests: a fixed one). */
  public AggregateReportReader(ReaderLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /**
   * Reads a report held in memory and returns it whole: for tools and tests.
   *
   * @throws InvalidReportException see {@link #read(InputStream, String, ReportHandler)}
   */
  public AggregateReport read(InputStream xml) throws InvalidReportException {
    byte[] bytes;
    try {
      bytes = xml.readAllBytes();
    } catch (UnpackException e) {
      throw new InvalidReportException(e.getMessage(), e);
    } catch (IOException e) {
      throw new InvalidReportException("unreadable input: " + e.getMessage(), e);
    }
    ReportCollector collector = new ReportCollector();
    read(new ByteArrayInputStream(bytes), Sha256.hex(bytes), collector);
    return collector.report();
  }

  /**
   * Streams a report from XML bytes (any encoding the XML declaration or a BOM announces) to
   * {@code handler}.
   *
   * @param fingerprint passed on to the handler with the header
   * @throws InvalidReportException when the input is not a DMARC aggregate report, is not
   *     well-formed, carries a DTD, uses an unknown namespace or breaks a limit; records already
   *     handed to the handler must then be considered void
   */
  public ReportTotals read(InputStream xml, String fingerprint, ReportHandler handler)
      throws InvalidReportException {
    return pass(xml, reader -> new Walk(reader, fingerprint, handler).run());
  }

  /**
   * Checks a report without mapping it: well-formed, no DTD, only DMARC namespaces, a {@code
   * feedback} root with metadata and policy, within the record limits. A report that passes cannot
   * fail halfway through {@link #read(InputStream, String, ReportHandler)}: every later problem
   * costs a row, not the report.
   *
   * @return the number of {@code record} elements
   */
  public int check(InputStream xml) throws InvalidReportException {
    return pass(xml, reader -> new Check(reader).run());
  }

  /** One pass over the XML of a report, from the secure factory. */
  private interface Pass<T> {
    T run(NamespaceNormalizingReader reader) throws XMLStreamException, JAXBException, InvalidReportException;
  }

  /** Runs a pass and turns what the XML layer throws into the reason a report is rejected. */
  private <T> T pass(InputStream xml, Pass<T> pass) throws InvalidReportException {
    XMLStreamReader raw = null;
    try {
      raw = factory.createXMLStreamReader(MarkupLimitStream.over(xml, limits.maxPartChars()));
      return pass.run(new NamespaceNormalizingReader(raw, limits));
    } catch (XMLStreamException | JAXBException | IOException e) {
      throw ParseFailure.of(e);
    } finally {
      close(raw);
    }
  }

  private final class Check {
    private final NamespaceNormalizingReader xml;

    Check(NamespaceNormalizingReader xml) {
      this.xml = xml;
    }

    int run() throws XMLStreamException, InvalidReportException {
      Root.moveToFeedback(xml, null);
      boolean metadata = false;
      boolean policy = false;
      int records = 0;
      int depth = 0;
      while (true) {
        int event = xml.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          depth++;
          if (depth == 1) {
            switch (xml.getLocalName()) {
              case "report_metadata" -> metadata = true;
              case "policy_published" -> policy = true;
              case "record" -> {
                if (++records > limits.maxRecords()) {
                  throw new InvalidReportException("invalid report: more than " + limits.maxRecords() + " records");
                }
                if (!(metadata && policy) && records > MAX_RECORDS_BEFORE_HEADER) {
                  throw new InvalidReportException(
                      "invalid report: more than " + MAX_RECORDS_BEFORE_HEADER + " records before <report_metadata> and <policy_published>");
                }
              }
              default -> {}
            }
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          if (depth == 0) {
            break; // </feedback>
          }
          depth--;
        } else if (event == XMLStreamConstants.END_DOCUMENT) {
          throw new InvalidReportException("not a DMARC aggregate report: document ends inside <feedback>");
        }
      }
      if (!metadata) {
        throw new InvalidReportException("not a DMARC aggregate report: no <report_metadata>");
      }
      if (!policy) {
        throw new InvalidReportException("not a DMARC aggregate report: no <policy_published>");
      }
      return records;
    }
  }

  /** Finding the {@code feedback} element, shared by both passes. */
  private static final class Root {
    static void moveToFeedback(NamespaceNormalizingReader xml, Warnings warnings)
        throws XMLStreamException, InvalidReportException {
      moveToNextElement(xml);
      if (xml.isStraySchemaTag()) {
        if (warnings != null) {
          warnings.add(WarningCode.STRAY_SCHEMA_TAG, "", "an <xs:schema> tag around the report was ignored");
        }
        xml.next();
        moveToNextElement(xml);
      }
      if (!"feedback".equals(xml.getLocalName())) {
        throw new InvalidReportException(
            "not a DMARC aggregate report: root element is <" + xml.getLocalName() + ">");
      }
    }

    private static void moveToNextElement(XMLStreamReader xml) throws XMLStreamException, InvalidReportException {
      int event = xml.getEventType();
      while (event != XMLStreamConstants.START_ELEMENT) {
        if (event == XMLStreamConstants.DTD) {
          throw new InvalidReportException(
              "refused: the document declares a DTD (<!DOCTYPE>), which DMARC reports never need");
        }
        if (!xml.hasNext()) {
          throw new InvalidReportException("not a DMARC aggregate report: no XML element in the input");
        }
        event = xml.next();
      }
    }
  }

  /** One pass over one document. */
  private final class Walk {
    private final NamespaceNormalizingReader xml;
    private final String fingerprint;
    private final ReportHandler handler;
    private final Warnings warnings = new Warnings();
    private final ReportMapper mapper = new ReportMapper(limits, warnings, clock);
    private final Unmarshaller unmarshaller;
    private final RecordBinder records;
    private final List<RecordType> waiting = new ArrayList<>();
    private final List<String> extensions = new ArrayList<>();
    private String namespace;
    private String version;
    private ReportMetadata metadata;
    private PolicyPublished policy;
    private boolean headerSent;
    private int recordElements;
    private int kept;
    private long messages;

    Walk(NamespaceNormalizingReader xml, String fingerprint, ReportHandler handler) throws JAXBException {
      this.xml = xml;
      this.fingerprint = fingerprint;
      this.handler = handler;
      this.unmarshaller = JAXB.createUnmarshaller();
      unmarshaller.setEventHandler(event -> keepGoing(event, warnings));
      this.records = new RecordBinder(unmarshaller);
    }

    ReportTotals run() throws XMLStreamException, JAXBException, InvalidReportException {
      moveToFeedback();
      xml.next();
      while (true) {
        int event = xml.getEventType();
        if (event == XMLStreamConstants.END_ELEMENT) {
          break; // </feedback>: nothing after it is read, so a stray wrapper needs no end tag
        }
        if (event == XMLStreamConstants.END_DOCUMENT) {
          throw new InvalidReportException("not a DMARC aggregate report: document ends inside <feedback>");
        }
        if (event == XMLStreamConstants.START_ELEMENT) {
          child();
        } else {
          xml.next();
        }
      }
      if (metadata == null) {
        throw new InvalidReportException("not a DMARC aggregate report: no <report_metadata>");
      }
      if (policy == null) {
        throw new InvalidReportException("not a DMARC aggregate report: no <policy_published>");
      }
      sendWaiting();
      if (recordElements == 0) {
        warnings.add(WarningCode.NO_RECORDS, "feedback.record", "report has no records");
      }
      ReportTotals totals = new ReportTotals(recordElements, kept, messages, warnings.list(), extensions);
      handler.end(totals);
      return totals;
    }

    private void child() throws XMLStreamException, JAXBException, InvalidReportException {
      xml.startPart(xml.getLocalName());
      switch (xml.getLocalName()) {
        case "version" -> {
          version = xml.getElementText().strip();
          xml.next();
        }
        case "report_metadata" ->
            metadata = mapper.metadata(unmarshaller.unmarshal(xml, ReportMetadataType.class).getValue());
        case "policy_published" ->
            policy = mapper.policy(unmarshaller.unmarshal(xml, PolicyPublishedType.class).getValue());
        case "record" -> record();
        case "extension" ->
            extensions.add(Extensions.toXml(unmarshaller.unmarshal(xml, ExtensionType.class).getValue()));
        default -> {
          warnings.add(WarningCode.UNKNOWN_ELEMENT, "feedback." + xml.getLocalName(), "element <" + xml.getLocalName() + "> ignored");
          skipElement();
        }
      }
    }

    private void record() throws XMLStreamException, JAXBException, InvalidReportException {
      if (++recordElements > limits.maxRecords()) {
        throw new InvalidReportException("invalid report: more than " + limits.maxRecords() + " records");
      }
      RecordType record = records.record(xml);
      if (metadata == null || policy == null) {
        if (waiting.size() >= MAX_RECORDS_BEFORE_HEADER) {
          throw new InvalidReportException(
              "invalid report: more than " + MAX_RECORDS_BEFORE_HEADER + " records before <report_metadata> and <policy_published>");
        }
        waiting.add(record);
        return;
      }
      sendWaiting();
      send(record, recordElements - 1);
    }

    private void sendWaiting() throws InvalidReportException {
      if (!headerSent) {
        handler.header(new ReportHeader(namespace, version, metadata, policy), fingerprint);
        headerSent = true;
      }
      // records wait only while no header is known, so they are the report's first ones
      int index = 0;
      for (RecordType record : waiting) {
        send(record, index++);
      }
      waiting.clear();
    }

    private void send(RecordType xmlRecord, int index) throws InvalidReportException {
      java.util.Optional<ReportRecord> mapped = mapper.record(xmlRecord, index, rfc9990());
      if (mapped.isPresent()) {
        kept++;
        messages += mapped.get().row().count();
        handler.record(mapped.get());
      }
    }

    /** RFC 9990 reports use its namespace, or no namespace and version 2.0. */
    private boolean rfc9990() {
      return DmarcNamespace.DMARC_2_0.uri().equals(namespace) || version != null && version.startsWith("2");
    }

    private void moveToFeedback() throws XMLStreamException, InvalidReportException {
      Root.moveToFeedback(xml, warnings);
      namespace = xml.originalNamespaceUri();
    }

    private void skipElement() throws XMLStreamException {
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
  }

  private static boolean keepGoing(ValidationEvent event, Warnings warnings) {
    var locator = event.getLocator();
    String where = locator == null ? "" : "line " + locator.getLineNumber();
    warnings.add(WarningCode.XML_VALUE, where, event.getMessage());
    return true;
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
      return JAXBContext.newInstance(
          ReportMetadataType.class, PolicyPublishedType.class, RecordType.class, ExtensionType.class);
    } catch (JAXBException e) {
      throw new IllegalStateException("JAXB classes generated from the XSD do not load", e);
    }
  }
}
