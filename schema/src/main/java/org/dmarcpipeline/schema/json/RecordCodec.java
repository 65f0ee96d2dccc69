package org.dmarcpipeline.schema.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.dmarcpipeline.schema.model.PolicyPublished;
import org.dmarcpipeline.schema.model.ReportMetadata;
import org.dmarcpipeline.schema.model.ReportRecord;
import org.dmarcpipeline.schema.record.AggregateRecord;

/**
 * The records-topic codec, made for rows that come report by report.
 *
 * <p>Every row carries its report's metadata and published policy, so that a consumer can work on
 * a row alone. They are more than half of a row's bytes, and encoding and decoding rows took a
 * quarter to a third of what ingest and processor spent per row (profiles of 2026-11-30). This
 * codec writes exactly the bytes that the mapper writes for an {@link AggregateRecord}
 * (alphabetical fields, nulls left out; {@code RecordCodecTest} compares them), but serializes the
 * report's parts once per report; and a row whose bytes around its {@code record} are those of
 * the row before has only its id and {@code record} decoded, the rest taken from that row.
 *
 * <p>One instance per thread: it remembers the last report it saw.
 */
final class RecordCodec {

  private static final byte[] OPEN_ID = bytes("{\"id\":");
  private static final byte[] RECORD = bytes(",\"record\":");

  private final ObjectMapper mapper;

  /** The report's parts of the last row encoded, as bytes around the row's own part. */
  private AggregateRecord lastEncoded;
  private byte[] beforeRecord;
  private byte[] afterRecord;

  /** The last row decoded in full, with its bytes between the id and the record and after the record. */
  private AggregateRecord lastDecoded;
  private byte[] decodedBefore;
  private byte[] decodedAfter;

  RecordCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  byte[] encode(AggregateRecord record) throws IOException {
    if (!sameReport(record, lastEncoded)) {
      beforeRecord = concat(
          bytes(",\"namespace\":"), mapper.writeValueAsBytes(record.namespace()),
          bytes(",\"policy_published\":"), mapper.writeValueAsBytes(record.policyPublished()));
      afterRecord = concat(
          bytes(",\"report_fingerprint\":"), mapper.writeValueAsBytes(record.reportFingerprint()),
          bytes(",\"report_key\":"), mapper.writeValueAsBytes(record.reportKey()),
          bytes(",\"report_metadata\":"), mapper.writeValueAsBytes(record.reportMetadata()),
          record.version() == null ? new byte[0] : concat(bytes(",\"version\":"), mapper.writeValueAsBytes(record.version())),
          bytes("}"));
      lastEncoded = record;
    }
    byte[] id = mapper.writeValueAsBytes(record.id());
    byte[] row = mapper.writeValueAsBytes(record.record());
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(OPEN_ID.length + id.length + beforeRecord.length + RECORD.length + row.length + afterRecord.length);
    out.write(OPEN_ID);
    out.write(id);
    out.write(beforeRecord);
    out.write(RECORD);
    out.write(row);
    out.write(afterRecord);
    return out.toByteArray();
  }

  /** The same report: the parts the row shares with it are the very same objects. */
  private static boolean sameReport(AggregateRecord a, AggregateRecord b) {
    return b != null
        && a.reportMetadata() == b.reportMetadata()
        && a.policyPublished() == b.policyPublished()
        && a.reportKey() == b.reportKey()
        && a.reportFingerprint() == b.reportFingerprint()
        && a.namespace() == b.namespace()
        && a.version() == b.version();
  }

  AggregateRecord decode(byte[] json) throws IOException {
    AggregateRecord row = sameReportAsLast(json);
    return row != null ? row : decodeWhole(json);
  }

  /**
   * The row when its bytes are {@code {"id":"<id>"}, the bytes of the last row between its id and
   * its record, {@code ,"record":}, one JSON value, the bytes of the last row after its record:
   * then everything but the id and the record is what the last row had. Null otherwise, and for
   * anything unusual (an id with escapes), which the whole decode then reads or refuses.
   */
  private AggregateRecord sameReportAsLast(byte[] json) throws IOException {
    if (lastDecoded == null) {
      return null;
    }
    int idEnd = idEnd(json);
    int recordStart = idEnd + decodedBefore.length + RECORD.length;
    int recordEnd = json.length - decodedAfter.length;
    if (idEnd < 0
        || recordEnd <= recordStart
        || !Arrays.equals(json, idEnd, idEnd + decodedBefore.length, decodedBefore, 0, decodedBefore.length)
        || !Arrays.equals(json, recordStart - RECORD.length, recordStart, RECORD, 0, RECORD.length)
        || !Arrays.equals(json, recordEnd, json.length, decodedAfter, 0, decodedAfter.length)) {
      return null;
    }
    ReportRecord record;
    try (JsonParser p = mapper.createParser(json, recordStart, recordEnd - recordStart)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      record = mapper.readValue(p, ReportRecord.class);
      if (p.nextToken() != null) {
        return null; // more than one value where the record is
      }
    }
    String id = new String(json, OPEN_ID.length + 1, idEnd - OPEN_ID.length - 2, StandardCharsets.UTF_8);
    AggregateRecord last = lastDecoded;
    return new AggregateRecord(id, last.reportKey(), last.reportFingerprint(), last.namespace(), last.version(),
        last.reportMetadata(), last.policyPublished(), record);
  }

  /**
   * Where the id ends in {@code {"id":"..."}: just after its closing quote; -1 when the bytes do
   * not start so, or the id holds an escape or a control character.
   */
  private static int idEnd(byte[] json) {
    if (json.length <= OPEN_ID.length || !Arrays.equals(json, 0, OPEN_ID.length, OPEN_ID, 0, OPEN_ID.length)
        || json[OPEN_ID.length] != '"') {
      return -1;
    }
    for (int i = OPEN_ID.length + 1; i < json.length; i++) {
      byte b = json[i];
      if (b == '"') {
        return i + 1;
      }
      if (b == '\\' || (b >= 0 && b < 0x20)) {
        return -1;
      }
    }
    return -1;
  }

  private AggregateRecord decodeWhole(byte[] json) throws IOException {
    lastDecoded = null;
    int recordStart = -1;
    int recordEnd = -1;
    int fields = 0;
    try (JsonParser p = mapper.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw JsonMappingException.from(p, "an aggregate record is a JSON object");
      }
      String id = null;
      String reportKey = null;
      String reportFingerprint = null;
      String namespace = null;
      String version = null;
      ReportMetadata reportMetadata = null;
      PolicyPublished policyPublished = null;
      ReportRecord record = null;
      for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
        p.nextToken();
        fields++;
        switch (field) {
          case "id" -> id = text(p);
          case "report_key" -> reportKey = text(p);
          case "report_fingerprint" -> reportFingerprint = text(p);
          case "namespace" -> namespace = text(p);
          case "version" -> version = text(p);
          case "report_metadata" -> reportMetadata = mapper.readValue(p, ReportMetadata.class);
          case "policy_published" -> policyPublished = mapper.readValue(p, PolicyPublished.class);
          case "record" -> {
            recordStart = (int) p.currentTokenLocation().getByteOffset();
            record = mapper.readValue(p, ReportRecord.class);
            recordEnd = (int) p.currentLocation().getByteOffset();
          }
          default -> throw JsonMappingException.from(p, "unknown field \"" + field + "\" in an aggregate record");
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw JsonMappingException.from(p, "an aggregate record is a JSON object");
      }
      AggregateRecord row;
      try {
        row = new AggregateRecord(id, reportKey, reportFingerprint, namespace, version, reportMetadata, policyPublished, record);
      } catch (RuntimeException e) {
        throw JsonMappingException.from(p, "Cannot construct instance of AggregateRecord, problem: " + e.getMessage(), e);
      }
      remember(json, row, fields, recordStart, recordEnd);
      return row;
    }
  }

  /**
   * Keeps the row and its bytes around the record for the next row, when they are laid out as
   * {@link #encode} writes them: the id first, each field once (a repeated field would make the
   * bytes around the record mean something else), {@code ,"record":} just before the record.
   */
  private void remember(byte[] json, AggregateRecord row, int fields, int recordStart, int recordEnd) {
    int idEnd = idEnd(json);
    int expectedFields = row.version() == null ? 7 : 8;
    if (idEnd < 0 || fields != expectedFields || recordStart - RECORD.length < idEnd
        || !Arrays.equals(json, recordStart - RECORD.length, recordStart, RECORD, 0, RECORD.length)) {
      return;
    }
    lastDecoded = row;
    decodedBefore = Arrays.copyOfRange(json, idEnd, recordStart - RECORD.length);
    decodedAfter = Arrays.copyOfRange(json, recordEnd, json.length);
  }

  private static String text(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_STRING -> p.getText();
      case VALUE_NULL -> null;
      default -> throw JsonMappingException.from(p, "expected a string for \"" + p.currentName() + "\", found " + p.currentToken());
    };
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
