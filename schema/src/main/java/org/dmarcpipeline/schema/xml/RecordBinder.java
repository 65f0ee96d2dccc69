package org.dmarcpipeline.schema.xml;

import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dmarcpipeline.schema.jaxb.AuthResultType;
import org.dmarcpipeline.schema.jaxb.DKIMAuthResultType;
import org.dmarcpipeline.schema.jaxb.ExtensionType;
import org.dmarcpipeline.schema.jaxb.IdentifierType;
import org.dmarcpipeline.schema.jaxb.PolicyEvaluatedType;
import org.dmarcpipeline.schema.jaxb.PolicyOverrideReason;
import org.dmarcpipeline.schema.jaxb.RecordType;
import org.dmarcpipeline.schema.jaxb.RowType;
import org.dmarcpipeline.schema.jaxb.SPFAuthResultType;

/**
 * Binds one {@code record} element into the XSD-generated {@link RecordType} straight from StAX.
 *
 * <p>Records are nearly all of a report, and JAXB's generic unmarshaller spends four times the
 * parse itself on them; this binder fills the same generated classes, by the same element names,
 * in any order, ignoring unknown elements as JAXB does, so the mapper sees no difference. The
 * header and {@code extension} content still go through JAXB. Tested against JAXB on the fixtures
 * and the corpus ({@code RecordBinderTest}).
 */
final class RecordBinder {

  private final Unmarshaller extensions;

  RecordBinder(Unmarshaller extensions) {
    this.extensions = extensions;
  }

  /** Reads from the {@code record} start tag to just past its end tag. */
  RecordType record(XMLStreamReader xml) throws XMLStreamException, JAXBException {
    RecordType record = new RecordType();
    int event = xml.next();
    while (true) {
      if (event == XMLStreamConstants.START_ELEMENT) {
        switch (xml.getLocalName()) {
          case "row" -> record.setRow(row(xml));
          case "identifiers" -> record.setIdentifiers(identifiers(xml));
          case "identities" -> record.setIdentities(identifiers(xml));
          case "auth_results" -> record.setAuthResults(authResults(xml));
          case "extension" -> {
            record.getExtension().add(extensions.unmarshal(xml, ExtensionType.class).getValue());
            event = xml.getEventType();
            continue; // JAXB leaves the reader just past the end tag
          }
          default -> skip(xml);
        }
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        xml.next();
        return record;
      }
      event = xml.next();
    }
  }

  private RowType row(XMLStreamReader xml) throws XMLStreamException {
    RowType row = new RowType();
    for (String name; (name = nextChild(xml)) != null; ) {
      switch (name) {
        case "source_ip" -> row.setSourceIp(text(xml));
        case "count" -> row.setCount(text(xml));
        case "policy_evaluated" -> row.setPolicyEvaluated(policyEvaluated(xml));
        default -> skip(xml);
      }
    }
    return row;
  }

  private PolicyEvaluatedType policyEvaluated(XMLStreamReader xml) throws XMLStreamException {
    PolicyEvaluatedType evaluated = new PolicyEvaluatedType();
    for (String name; (name = nextChild(xml)) != null; ) {
      switch (name) {
        case "disposition" -> evaluated.setDisposition(text(xml));
        case "dkim" -> evaluated.setDkim(text(xml));
        case "spf" -> evaluated.setSpf(text(xml));
        case "reason" -> evaluated.getReason().add(reason(xml));
        default -> skip(xml);
      }
    }
    return evaluated;
  }

  private PolicyOverrideReason reason(XMLStreamReader xml) throws XMLStreamException {
    PolicyOverrideReason reason = new PolicyOverrideReason();
    for (String name; (name = nextChild(xml)) != null; ) {
      switch (name) {
        case "type" -> reason.setType(text(xml));
        case "comment" -> reason.setComment(text(xml));
        default -> skip(xml);
      }
    }
    return reason;
  }

  private IdentifierType identifiers(XMLStreamReader xml) throws XMLStreamException {
    IdentifierType identifiers = new IdentifierType();
    for (String name; (name = nextChild(xml)) != null; ) {
      switch (name) {
        case "header_from" -> identifiers.setHeaderFrom(text(xml));
        case "envelope_from" -> identifiers.setEnvelopeFrom(text(xml));
        case "envelope_to" -> identifiers.setEnvelopeTo(text(xml));
        default -> skip(xml);
      }
    }
    return identifiers;
  }

  private AuthResultType authResults(XMLStreamReader xml) throws XMLStreamException {
    AuthResultType auth = new AuthResultType();
    for (String name; (name = nextChild(xml)) != null; ) {
      switch (name) {
        case "dkim" -> auth.getDkim().add(dkim(xml));
        case "spf" -> auth.getSpf().add(spf(xml));
        default -> skip(xml);
      }
    }
    return auth;
  }

  private DKIMAuthResultType dkim(XMLStreamReader xml) throws XMLStreamException {
    DKIMAuthResultType dkim = new DKIMAuthResultType();
    for (String name; (name = nextChild(xml)) != null; ) {
      switch (name) {
        case "domain" -> dkim.setDomain(text(xml));
        case "selector" -> dkim.setSelector(text(xml));
        case "result" -> dkim.setResult(text(xml));
        case "human_result" -> dkim.setHumanResult(text(xml));
        default -> skip(xml);
      }
    }
    return dkim;
  }

  private SPFAuthResultType spf(XMLStreamReader xml) throws XMLStreamException {
    SPFAuthResultType spf = new SPFAuthResultType();
    for (String name; (name = nextChild(xml)) != null; ) {
      switch (name) {
        case "domain" -> spf.setDomain(text(xml));
        case "scope" -> spf.setScope(text(xml));
        case "result" -> spf.setResult(text(xml));
        case "human_result" -> spf.setHumanResult(text(xml));
        default -> skip(xml);
      }
    }
    return spf;
  }

  /**
   * Moves to the next child start tag of the current element and returns its local name, or
   * returns null at the current element's end tag. Text between children is ignored.
   */
  private static String nextChild(XMLStreamReader xml) throws XMLStreamException {
    while (true) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        return xml.getLocalName();
      }
      if (event == XMLStreamConstants.END_ELEMENT) {
        return null;
      }
    }
  }

  /** The text of the current element, nested elements skipped; leaves the reader on its end tag. */
  private static String text(XMLStreamReader xml) throws XMLStreamException {
    String single = null;
    StringBuilder several = null;
    int depth = 0;
    while (true) {
      int event = xml.next();
      switch (event) {
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (depth == 0) {
            if (single == null) {
              single = xml.getText();
            } else {
              if (several == null) {
                several = new StringBuilder(single);
              }
              several.append(xml.getText());
            }
          }
        }
        case XMLStreamConstants.START_ELEMENT -> depth++;
        case XMLStreamConstants.END_ELEMENT -> {
          if (depth == 0) {
            return several != null ? several.toString() : single == null ? "" : single;
          }
          depth--;
        }
        default -> {}
      }
    }
  }

  /** Skips the current element and its content; leaves the reader on its end tag. */
  private static void skip(XMLStreamReader xml) throws XMLStreamException {
    int depth = 0;
    while (true) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        if (depth == 0) {
          return;
        }
        depth--;
      }
    }
  }
}
