package org.dmarcpipeline.processor.dmarc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmarcpipeline.schema.model.Alignment;
import org.dmarcpipeline.schema.model.Disposition;
import org.dmarcpipeline.schema.model.ResultWord;

/**
 * A parsed DMARC policy record ({@code v=DMARC1; p=reject; ...}), RFC 7489 section 6.3 and RFC
 * 9989 tags. Unknown tags are ignored as the RFC says; problems are listed, not thrown.
 *
 * @param p nullable only when the record is broken (see {@code errors})
 * @param sp defaults to {@code p} when absent (RFC 7489 6.3)
 * @param pct 100 when absent
 * @param testing RFC 9989 {@code t=y}
 * @param errors syntax problems; a record with errors in {@code v} or {@code p} is not usable
 */
public record DmarcRecord(
    Disposition p,
    Disposition sp,
    Disposition np,
    Alignment adkim,
    Alignment aspf,
    int pct,
    boolean testing,
    List<String> rua,
    List<String> ruf,
    String fo,
    List<String> errors) {

  public boolean usable() {
    return p != null;
  }

  /** Parses a TXT string; never throws. */
  public static DmarcRecord parse(String text) {
    List<String> errors = new ArrayList<>();
    Map<String, String> tags = new LinkedHashMap<>();
    String[] parts = text.split(";");
    for (String part : parts) {
      String trimmed = part.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq <= 0) {
        errors.add("not a tag=value pair: '" + abbreviate(trimmed) + "'");
        continue;
      }
      String tag = trimmed.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      if (tags.putIfAbsent(tag, trimmed.substring(eq + 1).strip()) != null) {
        errors.add("tag " + tag + " appears twice");
      }
    }
    if (!"DMARC1".equals(tags.get("v")) || !parts[0].strip().replace(" ", "").startsWith("v=DMARC1")) {
      errors.add("the record must start with v=DMARC1");
    }
    Disposition p = disposition(tags.get("p"), "p", errors, true);
    Disposition sp = tags.containsKey("sp") ? disposition(tags.get("sp"), "sp", errors, false) : p;
    Disposition np = tags.containsKey("np") ? disposition(tags.get("np"), "np", errors, false) : sp;
    int pct = 100;
    if (tags.containsKey("pct")) {
      try {
        pct = Integer.parseInt(tags.get("pct"));
        if (pct < 0 || pct > 100) {
          errors.add("pct must be 0 to 100: " + tags.get("pct"));
          pct = 100;
        }
      } catch (NumberFormatException e) {
        errors.add("pct is not a number: " + abbreviate(tags.get("pct")));
      }
    }
    return new DmarcRecord(
        errors.stream().anyMatch(e -> e.startsWith("the record must")) ? null : p,
        sp,
        np,
        alignment(tags.get("adkim"), "adkim", errors),
        alignment(tags.get("aspf"), "aspf", errors),
        pct,
        "y".equalsIgnoreCase(tags.get("t")),
        uris(tags.get("rua")),
        uris(tags.get("ruf")),
        tags.get("fo"),
        errors);
  }

  private static Disposition disposition(String value, String tag, List<String> errors, boolean required) {
    if (value == null) {
      if (required) {
        errors.add("tag " + tag + " is missing");
      }
      return null;
    }
    var found = ResultWord.lookup(Disposition.class, value);
    if (found.isEmpty() || found.get() == Disposition.PASS) {
      errors.add(tag + " must be none, quarantine or reject, not '" + abbreviate(value) + "'");
      return null;
    }
    return found.get();
  }

  private static Alignment alignment(String value, String tag, List<String> errors) {
    if (value == null) {
      return Alignment.RELAXED;
    }
    var found = ResultWord.lookup(Alignment.class, value);
    if (found.isEmpty()) {
      errors.add(tag + " must be r or s, not '" + abbreviate(value) + "'");
      return Alignment.RELAXED;
    }
    return found.get();
  }

  private static List<String> uris(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return List.of(value.split("\\s*,\\s*"));
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
