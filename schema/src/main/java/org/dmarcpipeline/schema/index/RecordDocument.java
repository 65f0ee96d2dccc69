package org.dmarcpipeline.schema.index;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.dmarcpipeline.schema.model.AuthResults;
import org.dmarcpipeline.schema.model.DkimAuthResult;
import org.dmarcpipeline.schema.model.Identifiers;
import org.dmarcpipeline.schema.model.PolicyEvaluated;
import org.dmarcpipeline.schema.model.PolicyPublished;
import org.dmarcpipeline.schema.model.ResultWord;
import org.dmarcpipeline.schema.model.SpfAuthResult;
import org.dmarcpipeline.schema.record.AggregateRecord;

/**
 * The Elasticsearch document of one report row, shaped for Kibana: report metadata denormalized,
 * {@code source.ip} as in the Elastic Common Schema, and flat keyword lists ({@code dkim_results},
 * {@code spf_results}) so that charts need no nested queries. The mapping is {@code
 * dmarc-records-template.json}; the two change together.
 *
 * @param timestamp the start of the report's period
 * @param dmarcResult {@code pass} when either aligned identifier passed, else {@code fail}
 * @param extensions RFC 9990 record-level extensions as XML text, kept but not searchable
 * @param dns the live DNS cross-check, nullable when DNS checks are off; its parts are flattened
 *     to top-level fields ({@code spf_now.result}, {@code dkim_keys.status}...) for Kibana
 */
public record RecordDocument(
    @JsonProperty("@timestamp") Instant timestamp,
    Report report,
    PolicyPublished policyPublished,
    Source source,
    long count,
    PolicyEvaluated policyEvaluated,
    String dmarcResult,
    Identifiers identifiers,
    AuthResults authResults,
    List<String> dkimResults,
    List<String> spfResults,
    List<String> extensions,
    @JsonProperty("alignment") Enrichment.Alignment alignment,
    @JsonProperty("spf_now") Enrichment.SpfNow spfNow,
    @JsonProperty("dkim_keys") List<Enrichment.DkimKey> dkimKeys) {

  /**
   * The report a row came from.
   *
   * @param days every UTC day the report's period touches, for per-day charts of reports that
   *     span several days
   */
  public record Report(
      String key,
      String fingerprint,
      String orgName,
      String email,
      String reportId,
      Instant begin,
      Instant end,
      List<LocalDate> days,
      String namespace,
      String version,
      String generator,
      int recordIndex) {}

  /**
   * ECS {@code source}: where the messages came from; {@code domain} is the forward-confirmed
   * reverse DNS name (ECS meaning), the rest says how sure that is and whose servers they are.
   */
  public record Source(
      String ip, String network, String domain, RdnsStatus rdnsStatus, String baseDomain, String service, String serviceType) {}

  public static RecordDocument of(AggregateRecord record) {
    return of(record, null);
  }

  /** @param dns the DNS cross-check of the row, nullable */
  public static RecordDocument of(AggregateRecord record, Enrichment dns) {
    var metadata = record.reportMetadata();
    var row = record.record().row();
    var auth = record.record().authResults();
    return new RecordDocument(
        metadata.dateRange().begin(),
        new Report(
            record.reportKey(),
            record.reportFingerprint(),
            metadata.orgName(),
            metadata.email(),
            metadata.reportId(),
            metadata.dateRange().begin(),
            metadata.dateRange().end(),
            days(metadata.dateRange().begin(), metadata.dateRange().end()),
            record.namespace(),
            record.version(),
            metadata.generator(),
            record.record().index()),
        record.policyPublished(),
        source(row.sourceIp().value(), dns),
        row.count(),
        row.policyEvaluated(),
        row.policyEvaluated().dmarcPass() ? "pass" : "fail",
        record.record().identifiers(),
        auth,
        auth.dkim().stream().map(RecordDocument::describe).toList(),
        auth.spf().stream().map(RecordDocument::describe).toList(),
        record.record().extensions(),
        dns == null ? null : dns.alignment(),
        dns == null ? null : dns.spfNow(),
        dns == null || dns.dkimKeys().isEmpty() ? null : dns.dkimKeys());
  }

  private static Source source(String ip, Enrichment dns) {
    String network = network(ip);
    if (dns == null || dns.source() == null) {
      return new Source(ip, network, null, null, null, null, null);
    }
    Enrichment.Source found = dns.source();
    String confirmed = found.rdnsStatus() == RdnsStatus.CONFIRMED ? found.domain() : null;
    return new Source(ip, network, confirmed, found.rdnsStatus(), found.baseDomain(), found.service(), found.serviceType());
  }

  /**
   * The sending network: the /24 of an IPv4 address, the /64 of an IPv6 one. Senders rotate
   * addresses within their network, so "a new source" means a new network, not a new address.
   */
  static String network(String ip) {
    byte[] address = com.google.common.net.InetAddresses.forString(ip).getAddress();
    int keep = address.length == 4 ? 3 : 8;
    byte[] prefix = new byte[address.length];
    System.arraycopy(address, 0, prefix, 0, keep);
    try {
      String base = com.google.common.net.InetAddresses.toAddrString(java.net.InetAddress.getByAddress(prefix));
      return base + (address.length == 4 ? "/24" : "/64");
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e); // cannot happen for 4 or 16 bytes
    }
  }

  /** UTC days from begin to end; an end exactly at midnight does not open a new day. */
  static List<LocalDate> days(Instant begin, Instant end) {
    LocalDate first = LocalDate.ofInstant(begin, ZoneOffset.UTC);
    LocalDate last = LocalDate.ofInstant(end.minusSeconds(end.isAfter(begin) ? 1 : 0), ZoneOffset.UTC);
    List<LocalDate> days = new java.util.ArrayList<>();
    // a bogus multi-year range must not make a huge array
    for (LocalDate day = first; !day.isAfter(last) && days.size() < 31; day = day.plusDays(1)) {
      days.add(day);
    }
    return days;
  }

  private static String describe(DkimAuthResult dkim) {
    return orDash(dkim.selector()) + " / " + orDash(dkim.domain()) + " / " + word(dkim.result());
  }

  private static String describe(SpfAuthResult spf) {
    return word(spf.scope()) + " / " + orDash(spf.domain()) + " / " + word(spf.result());
  }

  private static String word(ResultWord word) {
    return word == null ? "-" : word.word();
  }

  private static String orDash(String text) {
    return text == null ? "-" : text;
  }
}
