package org.dmarcpipeline.processor.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.dmarcpipeline.processor.dns.DnsAnswer;
import org.dmarcpipeline.processor.dns.DnsQuestion;
import org.dmarcpipeline.processor.dns.DnsResolver;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * jSPF's DNS interface over our resolver, so that SPF checks share the cache, the per-report
 * budget and the rate limit, and can be tested against an in-memory zone. Remembers whether an
 * answer was withheld by the budget, so that the verdict can say "unchecked" rather than
 * "temperror".
 */
final class ResolverDnsService implements DNSService {

  /** RFC 7208 4.6.4: more than two void lookups is a permerror. */
  static final int VOID_LOOKUP_LIMIT = 2;

  /** RFC 7208 4.6.4: an mx mechanism naming more than ten MX records is a permerror. */
  static final int MX_LIMIT = 10;

  private static final java.util.regex.Pattern PTR_DOMAIN =
      java.util.regex.Pattern.compile("(?i)(\\bptr:)([^\\s/%]+)");

  private DnsResolver resolver;
  private final java.util.Set<String> ptrNames = new java.util.HashSet<>();
  private boolean unchecked;
  private boolean first = true;
  private int voidLookups;
  private int asked;
  private String permError;
  private int permErrorAt;
  private String tempError;
  private int recordLimit = 10;

  ResolverDnsService(DnsResolver resolver) {
    this.resolver = resolver;
  }

  /** Ready for the next evaluation, through {@code resolver}, with nothing of the last one kept. */
  void reset(DnsResolver resolver) {
    this.resolver = resolver;
    ptrNames.clear();
    unchecked = false;
    first = true;
    voidLookups = 0;
    asked = 0;
    permError = null;
    permErrorAt = 0;
    tempError = null;
    recordLimit = 10;
    lastType = 0;
  }

  boolean unchecked() {
    return unchecked;
  }

  /**
   * A limit or rule of RFC 7208 that jSPF does not enforce was broken while evaluating; since the
   * evaluation would have stopped there with a permerror, the final result must be permerror.
   *
   * @return the reason, or null
   */
  String permError() {
    return permError;
  }

  /**
   * True when the permerror was raised by the very last lookup, a TXT lookup: that is the {@code
   * exp=} explanation lookup of a fail, which RFC 7208 (6.2) does not count against any limit.
   */
  boolean permErrorOnlyFromExplanation() {
    return permError != null && permErrorAt == asked && lastType == Type.TXT;
  }

  /**
   * A DNS error in an a, mx or exists lookup that jSPF treats as "no match"; RFC 7208 (5) makes it
   * a temperror. PTR validation lookups are exempt (5.5: such names are skipped).
   *
   * @return the reason, or null
   */
  String tempError() {
    return tempError;
  }

  private int lastType;

  @Override
  public List<String> getRecords(DNSRequest request) throws TimeoutException {
    int type =
        switch (request.getRecordType()) {
          case DNSRequest.A -> Type.A;
          case DNSRequest.AAAA -> Type.AAAA;
          case DNSRequest.MX -> Type.MX;
          case DNSRequest.PTR -> Type.PTR;
          case DNSRequest.TXT -> Type.TXT;
          case DNSRequest.SPF -> Type.SPF;
          default -> -1;
        };
    if (type == Type.SPF) {
      // RFC 7208 (section 3.1) retired the SPF record type: publish and look up TXT only. This
      // also spares one query per domain.
      return null;
    }
    DnsQuestion question;
    try {
      question = DnsQuestion.of(request.getHostname(), type);
    } catch (IllegalArgumentException e) {
      return null; // not a valid name: nothing can exist there
    }
    DnsAnswer answer = resolver.lookup(question);
    asked++;
    lastType = type;
    boolean initial = first;
    first = false;
    if (answer instanceof DnsAnswer.NotFound && !initial && ++voidLookups > VOID_LOOKUP_LIMIT && permError == null) {
      permError = "more than " + VOID_LOOKUP_LIMIT + " void DNS lookups";
      permErrorAt = asked;
    }
    if (answer instanceof DnsAnswer.TemporaryFailure failure
        && (type == Type.A || type == Type.AAAA || type == Type.MX)
        && !ptrNames.contains(question.name().toString().toLowerCase(java.util.Locale.ROOT))
        && tempError == null) {
      tempError = failure.reason();
    }
    if (answer instanceof DnsAnswer.Found found && type == Type.PTR) {
      for (Record record : found.records()) {
        ptrNames.add(((PTRRecord) record).getTarget().toString().toLowerCase(java.util.Locale.ROOT));
      }
    }
    if (answer instanceof DnsAnswer.Found found) {
      if (type == Type.MX && found.records().size() > MX_LIMIT && permError == null) {
        permError = question.name() + " has more than " + MX_LIMIT + " MX records";
        permErrorAt = asked;
      }
      if (type == Type.TXT) {
        for (Record record : found.records()) {
          String text = text(record);
          if (text.toLowerCase(java.util.Locale.ROOT).startsWith("v=spf1") && !text.chars().allMatch(c -> c < 128)) {
            if (permError == null) {
              permError = "SPF record of " + question.name() + " is not ASCII";
              permErrorAt = asked;
            }
          }
        }
      }
    }
    if (answer instanceof DnsAnswer.TemporaryFailure
        && (type == Type.A || type == Type.AAAA)
        && ptrNames.contains(question.name().toString().toLowerCase(java.util.Locale.ROOT))) {
      return null; // RFC 7208 5.5: a DNS error while validating a PTR name skips that name
    }
    return switch (answer) {
      // jSPF consumes these lists as it goes: they must be mutable
      case DnsAnswer.Found found ->
          found.records().stream().map(ResolverDnsService::text).collect(Collectors.toCollection(ArrayList::new));
      case DnsAnswer.NotFound notFound -> null;
      case DnsAnswer.TemporaryFailure failure -> throw new TimeoutException(failure.reason());
      case DnsAnswer.Unchecked over -> {
        unchecked = true;
        throw new TimeoutException(over.reason());
      }
    };
  }

  private static String text(Record record) {
    return switch (record) {
      case ARecord a -> a.getAddress().getHostAddress();
      case AAAARecord aaaa -> aaaa.getAddress().getHostAddress();
      case MXRecord mx -> mx.getTarget().toString();
      // DNS names compare without case; jSPF compares PTR names as strings
      case PTRRecord ptr -> strip(ptr.getTarget().toString()).toLowerCase(java.util.Locale.ROOT);
      case TXTRecord txt -> spfText(txt.getStringsAsByteArrays());
      case SPFRecord spf -> spfText(spf.getStringsAsByteArrays());
      default -> record.rdataToString();
    };
  }

  /**
   * TXT strings are bytes: read one byte per char, so that a non-ASCII byte stays visible as such
   * (dnsjava's text form would escape it as {@code \\239}). Domain-specs of {@code ptr:} are
   * lowercased: RFC 7208 compares domains without case, jSPF compares strings.
   */
  private static String spfText(List<byte[]> strings) {
    StringBuilder text = new StringBuilder();
    for (byte[] string : strings) {
      text.append(new String(string, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    String record = text.toString();
    if (!record.regionMatches(true, 0, "v=spf1", 0, 6)) {
      return record;
    }
    java.util.regex.Matcher ptr = PTR_DOMAIN.matcher(record);
    StringBuilder normalized = new StringBuilder();
    while (ptr.find()) {
      ptr.appendReplacement(normalized, java.util.regex.Matcher.quoteReplacement(ptr.group(1) + ptr.group(2).toLowerCase(java.util.Locale.ROOT)));
    }
    ptr.appendTail(normalized);
    return normalized.toString();
  }

  private static String strip(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  @Override
  public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
    try {
      return CompletableFuture.completedFuture(getRecords(request));
    } catch (TimeoutException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public List<String> getLocalDomainNames() {
    return List.of();
  }

  @Override
  public void setTimeOut(int timeOut) {
    // timeouts belong to the resolver
  }

  @Override
  public int getRecordLimit() {
    return recordLimit;
  }

  @Override
  public void setRecordLimit(int recordLimit) {
    this.recordLimit = recordLimit;
  }
}
