package org.dmarcpipeline.schema.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.dmarcpipeline.schema.index.RecordDocument;
import org.dmarcpipeline.schema.record.AggregateRecord;
import org.dmarcpipeline.schema.record.ReportSummary;

/**
 * The JSON codec of the contract between stages. Field names are the RFC element names
 * ({@code report_metadata.org_name}, {@code row.source_ip}); times are ISO-8601 UTC; absent values
 * are left out rather than written as null.
 */
public final class DmarcJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .addModule(new JavaTimeModule())
          // generated accessors instead of reflection: encoding and decoding rows is most of the
          // CPU that ingest and processor spend per row (docs/performance.md)
          .addModule(new BlackbirdModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  /** Rows come report by report on each thread; the codec remembers the last report. */
  private static final ThreadLocal<RecordCodec> RECORDS = ThreadLocal.withInitial(() -> new RecordCodec(MAPPER));

  private static final ThreadLocal<DocumentCodec> DOCUMENTS = ThreadLocal.withInitial(() -> new DocumentCodec(MAPPER));

  private DmarcJson() {}

  /** The JSON Schema (draft 2020-12) of the records-topic payload. */
  public static java.io.InputStream recordSchema() {
    return DmarcJson.class.getResourceAsStream("aggregate-record.schema.json");
  }

  /** The shared, configured mapper; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] encode(Object value) {
    try {
      if (value instanceof AggregateRecord record) {
        return RECORDS.get().encode(record); // the same bytes, the report's parts serialized once
      }
      if (value instanceof RecordDocument document) {
        return DOCUMENTS.get().encode(document); // the same fields, the report's parts serialized once
      }
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  public static String encodeToString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Decodes a records-topic payload.
   *
   * @throws UncheckedIOException when the bytes are not a valid record (a poison message)
   */
  public static AggregateRecord decodeRecord(byte[] json) {
    try {
      return RECORDS.get().decode(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not an aggregate record: " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * Decodes a reports-topic payload.
   *
   * @throws UncheckedIOException when the bytes are not a valid summary (a poison message)
   */
  public static ReportSummary decodeSummary(byte[] json) {
    try {
      return MAPPER.readValue(json, ReportSummary.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not a report summary: " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable JSON";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
