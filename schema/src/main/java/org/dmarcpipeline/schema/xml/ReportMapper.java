package org.dmarcpipeline.schema.xml;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dmarcpipeline.schema.InvalidReportException;
import org.dmarcpipeline.schema.jaxb.AuthResultType;
import org.dmarcpipeline.schema.model.AcceptedPeriods;
import org.dmarcpipeline.schema.jaxb.DKIMAuthResultType;
import org.dmarcpipeline.schema.jaxb.IdentifierType;
import org.dmarcpipeline.schema.jaxb.PolicyEvaluatedType;
import org.dmarcpipeline.schema.jaxb.PolicyPublishedType;
import org.dmarcpipeline.schema.jaxb.RecordType;
import org.dmarcpipeline.schema.jaxb.ReportMetadataType;
import org.dmarcpipeline.schema.jaxb.SPFAuthResultType;
import org.dmarcpipeline.schema.model.Alignment;
import org.dmarcpipeline.schema.model.AuthResults;
import org.dmarcpipeline.schema.model.DateRange;
import org.dmarcpipeline.schema.model.DkimAuthResult;
import org.dmarcpipeline.schema.model.DkimResult;
import org.dmarcpipeline.schema.model.Disposition;
import org.dmarcpipeline.schema.model.DmarcResult;
import org.dmarcpipeline.schema.model.Domain;
import org.dmarcpipeline.schema.model.Identifiers;
import org.dmarcpipeline.schema.model.PolicyEvaluated;
import org.dmarcpipeline.schema.model.PolicyOverride;
import org.dmarcpipeline.schema.model.PolicyOverrideReason;
import org.dmarcpipeline.schema.model.PolicyPublished;
import org.dmarcpipeline.schema.model.ReportMetadata;
import org.dmarcpipeline.schema.model.ReportRecord;
import org.dmarcpipeline.schema.model.ResultWord;
import org.dmarcpipeline.schema.model.Row;
import org.dmarcpipeline.schema.model.SourceIp;
import org.dmarcpipeline.schema.model.SpfAuthResult;
import org.dmarcpipeline.schema.model.SpfResult;
import org.dmarcpipeline.schema.model.SpfScope;
import org.dmarcpipeline.schema.model.WarningCode;

/**
 * Turns the generated JAXB types into our records: the one place where report quirks are
 * repaired, each repair leaving a warning.
 */
final class ReportMapper {

  private final ReaderLimits limits;
  private final Warnings warnings;
  private final Clock clock;
  private boolean scopeMissingWarned;

  ReportMapper(ReaderLimits limits, Warnings warnings) {
    this(limits, warnings, Clock.systemUTC());
  }

  ReportMapper(ReaderLimits limits, Warnings warnings, Clock clock) {
    this.limits = limits;
    this.warnings = warnings;
    this.clock = clock;
  }

  ReportMetadata metadata(ReportMetadataType xml) throws InvalidReportException {
    if (xml == null) {
      throw new InvalidReportException("not a DMARC aggregate report: no <report_metadata>");
    }
    String email = text(xml.getEmail(), "report_metadata.email");
    String orgName = text(xml.getOrgName(), "report_metadata.org_name");
    if (orgName == null) {
      String emailDomain = emailDomain(email);
      if (emailDomain == null) {
        throw new InvalidReportException(
            "invalid report: <org_name> is empty and <email> has no domain to use instead");
      }
      warnings.add(
          WarningCode.ORG_NAME_MISSING,
          "report_metadata.org_name",
          "org_name is empty; using the domain of email: " + emailDomain);
      orgName = emailDomain;
    }
    String reportId = text(xml.getReportId(), "report_metadata.report_id");
    if (reportId == null) {
      throw new InvalidReportException("invalid report: <report_id> is missing or empty");
    }
    if (reportId.length() > 2 && reportId.startsWith("<") && reportId.endsWith(">")) {
      warnings.add(
          WarningCode.REPORT_ID_BRACKETS, "report_metadata.report_id", "angle brackets removed from report_id");
      reportId = reportId.substring(1, reportId.length() - 1).strip();
    }
    if (xml.getDateRange() == null
        || text(xml.getDateRange().getBegin(), "report_metadata.date_range.begin") == null
        || text(xml.getDateRange().getEnd(), "report_metadata.date_range.end") == null) {
      throw new InvalidReportException(
          "invalid report: <date_range> needs both <begin> and <end> in seconds since 1970");
    }
    Instant begin = epochSecond(xml.getDateRange().getBegin(), "report_metadata.date_range.begin");
    Instant end = epochSecond(xml.getDateRange().getEnd(), "report_metadata.date_range.end");
    if (end.isBefore(begin)) {
      warnings.add(WarningCode.DATE_RANGE_REVERSED, "report_metadata.date_range", "end before begin; swapped");
      Instant swap = begin;
      begin = end;
      end = swap;
    }
    checkPeriod(begin, end);
    if (Duration.between(begin, end).compareTo(Duration.ofDays(7)) > 0) {
      warnings.add(WarningCode.DATE_RANGE_LONG, "report_metadata.date_range", "report period spans more than 7 days");
    }
    List<String> errors = new ArrayList<>();
    for (String error : xml.getError()) {
      String kept = text(error, "report_metadata.error");
      if (kept != null) {
        errors.add(kept);
      }
    }
    return new ReportMetadata(
        orgName,
        email,
        text(xml.getExtraContactInfo(), "report_metadata.extra_contact_info"),
        reportId,
        new DateRange(begin, end),
        errors,
        text(xml.getGenerator(), "report_metadata.generator"));
  }

  /** Refuses a report period no real report has ({@link AcceptedPeriods} says why each bound). */
  private void checkPeriod(Instant begin, Instant end) throws InvalidReportException {
    if (begin.isBefore(AcceptedPeriods.EARLIEST)) {
      throw new InvalidReportException(
          "invalid report: report period begins " + begin + ", before DMARC reports existed (2012)");
    }
    Instant latest = clock.instant().plus(AcceptedPeriods.AHEAD);
    if (end.isAfter(latest)) {
      throw new InvalidReportException(
          "invalid report: report period ends " + end + ", more than a day in the future");
    }
    if (Duration.between(begin, end).compareTo(AcceptedPeriods.LONGEST) > 0) {
      throw new InvalidReportException(
          "invalid report: report period from " + begin + " to " + end + " is longer than " + AcceptedPeriods.LONGEST.toDays() + " days");
    }
  }

  PolicyPublished policy(PolicyPublishedType xml) throws InvalidReportException {
    if (xml == null) {
      throw new InvalidReportException("not a DMARC aggregate report: no <policy_published>");
    }
    String domain = domain(xml.getDomain(), "policy_published.domain");
    if (domain == null) {
      throw new InvalidReportException("invalid report: <policy_published> has no <domain>");
    }
    Disposition p = word(Disposition.class, xml.getP(), "policy_published.p");
    if (p == null) {
      warnings.add(WarningCode.POLICY_MISSING, "policy_published.p", "no valid p in policy_published");
    }
    Integer pct = null;
    String pctText = text(xml.getPct(), "policy_published.pct");
    if (pctText != null) {
      Long value = wholeNumber(pctText, "policy_published.pct");
      if (value == null || value > 100) {
        warnings.add(WarningCode.PCT_OUT_OF_RANGE, "policy_published.pct", "pct '" + abbreviate(pctText) + "' ignored");
      } else {
        pct = value.intValue();
      }
    }
    String testing = lowerWord(xml.getTesting(), "policy_published.testing", "y", "n");
    String discovery = lowerWord(xml.getDiscoveryMethod(), "policy_published.discovery_method", "psl", "treewalk");
    return new PolicyPublished(
        domain,
        word(Alignment.class, xml.getAdkim(), "policy_published.adkim"),
        word(Alignment.class, xml.getAspf(), "policy_published.aspf"),
        p,
        word(Disposition.class, xml.getSp(), "policy_published.sp"),
        pct,
        text(xml.getFo(), "policy_published.fo"),
        word(Disposition.class, xml.getNp(), "policy_published.np"),
        testing,
        discovery);
  }

  /**
   * Maps one record.
   *
   * @return empty when the row cannot be kept (no usable source IP or count); a warning says why
   */
  Optional<ReportRecord> record(RecordType xml, int index, boolean rfc9990) {
    try {
      return mapRecord(xml, index, rfc9990);
    } catch (InvalidReportException e) {
      // a bad field costs its row, never the report: rows before it may already be published
      warnings.add(WarningCode.FIELD_INVALID, "record[" + index + "]", e.getMessage() + "; row skipped");
      return Optional.empty();
    }
  }

  private Optional<ReportRecord> mapRecord(RecordType xml, int index, boolean rfc9990) throws InvalidReportException {
    String where = "record[" + index + "]";
    if (xml.getRow() == null) {
      warnings.add(WarningCode.ROW_MISSING, where, "record without <row> skipped");
      return Optional.empty();
    }
    String ipText = text(xml.getRow().getSourceIp(), where + ".row.source_ip");
    if (ipText == null) {
      warnings.add(WarningCode.SOURCE_IP_MISSING, where + ".row.source_ip", "row without source_ip skipped");
      return Optional.empty();
    }
    SourceIp sourceIp;
    try {
      sourceIp = SourceIp.of(ipText);
    } catch (IllegalArgumentException e) {
      warnings.add(WarningCode.SOURCE_IP_INVALID, where + ".row.source_ip", e.getMessage() + "; row skipped");
      return Optional.empty();
    }
    String countText = text(xml.getRow().getCount(), where + ".row.count");
    Long count = countText == null ? null : wholeNumber(countText, where + ".row.count");
    if (count == null) {
      warnings.add(
          WarningCode.COUNT_INVALID,
          where + ".row.count",
          "count " + (countText == null ? "missing" : "'" + abbreviate(countText) + "' is not a whole number of at most 18 digits") + "; row skipped");
      return Optional.empty();
    }
    PolicyEvaluated evaluated = policyEvaluated(xml.getRow().getPolicyEvaluated(), where);
    Row row = new Row(sourceIp, count, evaluated);
    var identifiers = xml.getIdentifiers();
    if (identifiers == null && xml.getIdentities() != null) {
      warnings.add(WarningCode.IDENTITIES_ELEMENT, where + ".identities", "<identities> read as <identifiers>");
      identifiers = xml.getIdentities();
    }
    return Optional.of(
        new ReportRecord(
            index,
            row,
            identifiers(identifiers, where),
            authResults(xml.getAuthResults(), where, rfc9990),
            Extensions.toXml(xml.getExtension())));
  }

  private PolicyEvaluated policyEvaluated(PolicyEvaluatedType xml, String where)
      throws InvalidReportException {
    String at = where + ".row.policy_evaluated";
    if (xml == null) {
      warnings.add(WarningCode.POLICY_EVALUATED_MISSING, at, "row has no policy_evaluated");
      return new PolicyEvaluated(null, null, null, List.of());
    }
    List<PolicyOverrideReason> reasons = new ArrayList<>();
    for (var reason : xml.getReason()) {
      PolicyOverride type = word(PolicyOverride.class, reason.getType(), at + ".reason.type");
      String comment = text(reason.getComment(), at + ".reason.comment");
      if (type == null && comment == null) {
        warnings.add(WarningCode.REASON_EMPTY, at + ".reason", "empty reason dropped");
        continue;
      }
      reasons.add(new PolicyOverrideReason(type, comment));
    }
    return new PolicyEvaluated(
        word(Disposition.class, xml.getDisposition(), at + ".disposition"),
        word(DmarcResult.class, xml.getDkim(), at + ".dkim"),
        word(DmarcResult.class, xml.getSpf(), at + ".spf"),
        reasons);
  }

  private Identifiers identifiers(IdentifierType xml, String where) throws InvalidReportException {
    String at = where + ".identifiers";
    if (xml == null) {
      warnings.add(WarningCode.IDENTIFIERS_MISSING, at, "record has no identifiers");
      return new Identifiers(null, null, null);
    }
    String headerFrom = domain(xml.getHeaderFrom(), at + ".header_from");
    if (headerFrom == null) {
      warnings.add(WarningCode.HEADER_FROM_MISSING, at + ".header_from", "record has no header_from");
    }
    return new Identifiers(
        headerFrom,
        domain(xml.getEnvelopeFrom(), at + ".envelope_from"),
        domain(xml.getEnvelopeTo(), at + ".envelope_to"));
  }

  /**
   * An auth result without a domain says nothing about alignment and cannot be checked against
   * DNS: it is skipped with a warning rather than counted. RFC 9990 dropped the SPF scope; RFC
   * 7489 requires it, and a report that leaves it out is warned once, then read as it is.
   */
  private AuthResults authResults(AuthResultType xml, String where, boolean rfc9990) throws InvalidReportException {
    String at = where + ".auth_results";
    if (xml == null) {
      return new AuthResults(List.of(), List.of());
    }
    List<DkimAuthResult> dkim = new ArrayList<>();
    for (DKIMAuthResultType result : xml.getDkim()) {
      String domain = domain(result.getDomain(), at + ".dkim.domain");
      if (domain == null) {
        warnings.add(WarningCode.DKIM_DOMAIN_MISSING, at + ".dkim.domain", "DKIM result without a domain skipped");
        continue;
      }
      dkim.add(
          new DkimAuthResult(
              domain,
              text(result.getSelector(), at + ".dkim.selector"),
              word(DkimResult.class, result.getResult(), at + ".dkim.result"),
              text(result.getHumanResult(), at + ".dkim.human_result")));
    }
    List<SpfAuthResult> spf = new ArrayList<>();
    for (SPFAuthResultType result : xml.getSpf()) {
      String domain = domain(result.getDomain(), at + ".spf.domain");
      if (domain == null) {
        warnings.add(WarningCode.SPF_DOMAIN_MISSING, at + ".spf.domain", "SPF result without a domain skipped");
        continue;
      }
      SpfScope scope = word(SpfScope.class, result.getScope(), at + ".spf.scope");
      if (scope == null && !rfc9990 && !scopeMissingWarned && text(result.getScope(), at + ".spf.scope") == null) {
        // Google leaves it out of every row: one warning per report says so without drowning the rest
        scopeMissingWarned = true;
        warnings.add(WarningCode.SPF_SCOPE_MISSING, at + ".spf.scope", "RFC 7489 SPF results without a scope, from this one on; left empty");
      }
      spf.add(
          new SpfAuthResult(
              domain,
              scope,
              spfResult(result.getResult(), at + ".spf.result"),
              text(result.getHumanResult(), at + ".spf.human_result")));
    }
    return new AuthResults(dkim, spf);
  }

  private SpfResult spfResult(String text, String where) throws InvalidReportException {
    // RFC 4408 implementations still write "hardfail", and "error"/"unknown" for the errors.
    String cleaned = text(text, where);
    if (cleaned != null) {
      String lower = cleaned.toLowerCase(Locale.ROOT);
      SpfResult legacy =
          switch (lower) {
            case "hardfail" -> SpfResult.FAIL;
            case "error" -> SpfResult.PERMERROR;
            case "unknown" -> SpfResult.TEMPERROR;
            default -> null;
          };
      if (legacy != null) {
        warnings.add(
            WarningCode.SPF_RESULT_LEGACY, where, "SPF result '" + cleaned + "' read as " + legacy.word());
        return legacy;
      }
    }
    return word(SpfResult.class, cleaned, where);
  }

  private <E extends Enum<E> & ResultWord> E word(Class<E> type, String text, String where)
      throws InvalidReportException {
    String cleaned = text(text, where);
    if (cleaned == null) {
      return null;
    }
    Optional<E> found = ResultWord.lookup(type, cleaned);
    if (found.isEmpty()) {
      warnings.add(WarningCode.UNKNOWN_WORD, where, "'" + cleaned + "' is not a known value; left empty");
      return null;
    }
    if (!found.get().word().equals(cleaned)) {
      warnings.add(
          WarningCode.RESULT_WORD_CASE, where, "'" + cleaned + "' read as '" + found.get().word() + "'");
    }
    return found.get();
  }

  /**
   * Normalised as {@link Domain} does, and rejected when longer than a domain can be; its labels are
   * not checked, since reports with an empty or over-long label have always been taken.
   */
  private String domain(String text, String where) throws InvalidReportException {
    String cleaned = text(text, where);
    if (cleaned == null) {
      return null;
    }
    String lower = Domain.normalize(cleaned);
    if (lower.length() > Domain.MAX_LENGTH) {
      throw new InvalidReportException(
          "invalid report: " + where + " is longer than a domain name can be");
    }
    return lower.isEmpty() ? null : lower;
  }

  /** Strips blanks; empty becomes null; over-long is a rejection (V8), not a truncation. */
  private String text(String text, String where) throws InvalidReportException {
    if (text == null) {
      return null;
    }
    String stripped = text.strip();
    if (stripped.length() > limits.maxFieldLength()) {
      throw new InvalidReportException(
          "invalid report: "
              + where
              + " has "
              + stripped.length()
              + " characters, more than the limit of "
              + limits.maxFieldLength());
    }
    return stripped.isEmpty() ? null : stripped;
  }

  /**
   * Seconds since 1970, digits only; milliseconds and fractions are repaired with a warning. No
   * sign, no exponent: checked before any number is built, so that {@code 1e-999999999} is a
   * reason, not an exception.
   */
  private Instant epochSecond(String text, String where) throws InvalidReportException {
    String cleaned = text.strip();
    int dot = cleaned.indexOf('.');
    String whole = dot < 0 ? cleaned : cleaned.substring(0, dot);
    String fraction = dot < 0 ? "" : cleaned.substring(dot + 1);
    if (!isDigits(whole, 15) || dot >= 0 && !isDigits(fraction, 9)) {
      throw new InvalidReportException("invalid report: " + where + " is not a time in seconds since 1970: '" + abbreviate(cleaned) + "'");
    }
    long value = Long.parseLong(whole);
    if (dot >= 0 && fraction.chars().anyMatch(c -> c != '0')) {
      warnings.add(WarningCode.DATE_FRACTION, where, "fraction of a second dropped from " + cleaned);
    }
    // 10^11 seconds is the year 5138: a value that large is milliseconds
    if (value >= 100_000_000_000L) {
      warnings.add(WarningCode.DATE_MILLISECONDS, where, cleaned + " read as milliseconds");
      value /= 1000;
    }
    if (value >= 100_000_000_000L) {
      throw new InvalidReportException("invalid report: " + where + " is not a time: " + cleaned);
    }
    return Instant.ofEpochSecond(value);
  }

  /**
   * An xs:integer as reports write counts: digits only, no sign, no exponent, at most 18 digits
   * (no sum of them can overflow a long). A zero fraction ({@code 5.0}) is repaired with a
   * warning; anything else is null. Checked character by character before any number is built,
   * so that {@code 1e10000000} costs nothing.
   */
  private Long wholeNumber(String text, String where) {
    int dot = text.indexOf('.');
    String digits = dot < 0 ? text : text.substring(0, dot);
    if (!isDigits(digits, 18) || dot >= 0 && !text.substring(dot + 1).chars().allMatch(c -> c == '0')) {
      return null;
    }
    if (dot >= 0) {
      warnings.add(WarningCode.NUMBER_NOTATION, where, "'" + abbreviate(text) + "' read as " + Long.parseLong(digits));
    }
    return Long.parseLong(digits);
  }

  private static boolean isDigits(String text, int maxLength) {
    if (text.isEmpty() || text.length() > maxLength) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private String lowerWord(String text, String where, String... allowed) throws InvalidReportException {
    String cleaned = text(text, where);
    if (cleaned == null) {
      return null;
    }
    String lower = cleaned.toLowerCase(Locale.ROOT);
    for (String word : allowed) {
      if (word.equals(lower)) {
        if (!word.equals(cleaned)) {
          warnings.add(WarningCode.RESULT_WORD_CASE, where, "'" + cleaned + "' read as '" + word + "'");
        }
        return word;
      }
    }
    warnings.add(WarningCode.UNKNOWN_WORD, where, "'" + abbreviate(cleaned) + "' is not a known value; left empty");
    return null;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  private static String emailDomain(String email) {
    if (email == null) {
      return null;
    }
    int at = email.lastIndexOf('@');
    if (at < 0 || at == email.length() - 1) {
      return null;
    }
    String domain = email.substring(at + 1).strip().toLowerCase(Locale.ROOT);
    if (domain.endsWith(">")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    return domain.isEmpty() ? null : domain;
  }
}
