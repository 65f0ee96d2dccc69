package org.dmarcpipeline.schema.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.dmarcpipeline.schema.index.RecordDocument;

/**
 * Writes row documents for Elasticsearch with the report's parts ({@code @timestamp}, the start of
 * its period; {@code report} but its {@code record_index}; {@code policy_published}) serialized
 * once per report instead of once per row:
 * they are the same for every row of a report, and encoding documents was a fifth of the
 * processor's profile.
 *
 * <p>The JSON holds the same fields and values as the mapper's, in another order (Elasticsearch
 * does not care; {@code DocumentCodecTest} compares them as trees). One instance per thread: it
 * remembers the last report it saw.
 */
final class DocumentCodec {

  private static final byte[] OPEN_TIMESTAMP = bytes("{\"@timestamp\":");
  private static final byte[] POLICY = bytes(",\"policy_published\":");
  private static final byte[] OPEN_REPORT = bytes(",\"report\":");
  private static final byte[] RECORD_INDEX = bytes("\"record_index\":");

  private final ObjectMapper mapper;
  private RecordDocument last;
  /** {@code {"@timestamp":"...","policy_published":{...},"report":{...fields but record_index,} } */
  private byte[] reportPart;

  DocumentCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  byte[] encode(RecordDocument document) throws IOException {
    if (document.report() == null || document.policyPublished() == null || document.timestamp() == null) {
      return mapper.writeValueAsBytes(document);
    }
    if (!sameReport(document, last)) {
      ObjectNode report = mapper.valueToTree(document.report());
      report.remove("record_index");
      byte[] fields = mapper.writeValueAsBytes(report);
      ByteArrayOutputStream part = new ByteArrayOutputStream();
      part.writeBytes(OPEN_TIMESTAMP);
      part.writeBytes(mapper.writeValueAsBytes(document.timestamp()));
      part.writeBytes(POLICY);
      part.writeBytes(mapper.writeValueAsBytes(document.policyPublished()));
      part.writeBytes(OPEN_REPORT);
      part.write(fields, 0, fields.length - 1); // without its closing brace
      if (!report.isEmpty()) {
        part.write(',');
      }
      part.writeBytes(RECORD_INDEX);
      reportPart = part.toByteArray();
      last = document;
    }
    byte[] rest = mapper.writeValueAsBytes(withoutReport(document));
    byte[] index = Integer.toString(document.report().recordIndex()).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream(reportPart.length + index.length + 2 + rest.length);
    out.writeBytes(reportPart);
    out.writeBytes(index);
    out.write('}');
    // the rest always holds count, so it is never an empty object
    out.write(',');
    out.write(rest, 1, rest.length - 1);
    return out.toByteArray();
  }

  private static boolean sameReport(RecordDocument a, RecordDocument b) {
    if (b == null || a.policyPublished() != b.policyPublished() || !a.timestamp().equals(b.timestamp())) {
      return false;
    }
    RecordDocument.Report x = a.report();
    RecordDocument.Report y = b.report();
    return Objects.equals(x.key(), y.key())
        && Objects.equals(x.fingerprint(), y.fingerprint())
        && Objects.equals(x.orgName(), y.orgName())
        && Objects.equals(x.email(), y.email())
        && Objects.equals(x.reportId(), y.reportId())
        && Objects.equals(x.begin(), y.begin())
        && Objects.equals(x.end(), y.end())
        && Objects.equals(x.days(), y.days())
        && Objects.equals(x.namespace(), y.namespace())
        && Objects.equals(x.version(), y.version())
        && Objects.equals(x.generator(), y.generator());
  }

  private static RecordDocument withoutReport(RecordDocument d) {
    return new RecordDocument(null, null, null, d.source(), d.count(), d.policyEvaluated(), d.dmarcResult(),
        d.identifiers(), d.authResults(), d.dkimResults(), d.spfResults(), d.extensions(), d.alignment(), d.spfNow(),
        d.dkimKeys());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
