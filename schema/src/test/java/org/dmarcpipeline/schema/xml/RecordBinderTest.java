package org.dmarcpipeline.schema.xml;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Unmarshaller;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLStreamConstants;
import org.dmarcpipeline.schema.Fixtures;
import org.dmarcpipeline.schema.jaxb.ExtensionType;
import org.dmarcpipeline.schema.jaxb.RecordType;
import org.dmarcpipeline.schema.model.ReportRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written record binder must read exactly what JAXB reads from the same XML. */
class RecordBinderTest {

  @ParameterizedTest
  @ValueSource(strings = {
    "rfc7489-two-records.xml", "namespace-dmarc-2.0.xml", "quirk-result-word-case.xml",
    "quirk-row-without-source-ip.xml", "quirk-empty-reason.xml", "quirk-identities.xml",
    "quirk-count-notation.xml", "quirk-elements-any-order.xml", "rfc9990-extensions.xml"
  })
  void binderShouldMapRecordsExactlyAsJaxbDoes(String fixture) throws Exception {
    byte[] xml = Fixtures.bytes(fixture);

    assertThat(records(xml, true)).isEqualTo(records(xml, false)).isNotEmpty();
  }

  private static List<ReportRecord> records(byte[] xml, boolean binder) throws Exception {
    Unmarshaller jaxb = JAXBContext.newInstance(RecordType.class, ExtensionType.class).createUnmarshaller();
    RecordBinder records = new RecordBinder(jaxb);
    ReportMapper mapper = new ReportMapper(ReaderLimits.DEFAULTS, new Warnings());
    var reader = new NamespaceNormalizingReader(SecureXmlInputFactory.create().createXMLStreamReader(new ByteArrayInputStream(xml)), ReaderLimits.DEFAULTS);
    List<ReportRecord> mapped = new ArrayList<>();
    int index = 0;
    while (reader.hasNext()) {
      int event = reader.getEventType();
      if (event == XMLStreamConstants.START_ELEMENT && "record".equals(reader.getLocalName())) {
        RecordType record = binder ? records.record(reader) : jaxb.unmarshal(reader, RecordType.class).getValue();
        Optional<ReportRecord> one = mapper.record(record, index++, false);
        one.ifPresent(mapped::add);
        continue;
      }
      reader.next();
    }
    return mapped;
  }
}
