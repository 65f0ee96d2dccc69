package org.dmarcpipeline.testing.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/**
 * Writes realistic synthetic aggregate reports: the reporters, layouts and result mixes seen in real
 * traffic (a domain's own servers passing, a mailing service passing SPF only, forwarders breaking
 * SPF, spoofers failing both), reproducible from a seed.
 */
public final class ReportGenerator {

  private record Reporter(String orgName, String email, String receiverDomain) {}

  private record Source(String ipPrefix, String dkimDomain, boolean dkimPass, boolean spfPass) {}

  private static final List<Reporter> REPORTERS =
      List.of(
          new Reporter("google.com", "noreply-dmarc-support@google.com", "google.com"),
          new Reporter("Enterprise Outlook", "dmarcreport@microsoft.com", "protection.outlook.com"),
          new Reporter("Yahoo", "dmarchelp@yahooinc.com", "yahoo.com"),
          new Reporter("Fastmail Pty Ltd", "dmarc-reports@fastmail.com", "fastmail.com"),
          new Reporter("Mail.Ru", "dmarc_support@corp.mail.ru", "mail.ru"));

  private static final List<String> DOMAINS =
      List.of("example.com", "example.org", "shop.example.net", "example.co.uk");

  /** Address blocks from the documentation ranges (RFC 5737, RFC 3849): never real senders. */
  private static final List<Source> SOURCES =
      List.of(
          new Source("192.0.2.", "self", true, true),
          new Source("198.51.100.", "sendgrid.net", false, true),
          new Source("203.0.113.", "self", true, false),
          new Source("2001:db8:1::", "self", true, true),
          new Source("2001:db8:bad::", "spoof.example", false, false));

  private final Random random;

  public ReportGenerator(long seed) {
    this.random = new Random(seed);
  }

  /** One report with between 1 and {@code maxRows} rows. */
  public GeneratedReport next(int maxRows) {
    return next(1 + random.nextInt(maxRows), random.nextInt(1_000_000));
  }

  /** One report with exactly {@code rows} rows, held in memory. */
  public GeneratedReport next(int rows, int sequence) {
    StringBuilder xml = new StringBuilder(512 + rows * 620);
    try {
      return write(xml, rows, sequence);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not fail
    }
  }

  /**
   * Writes one report with exactly {@code rows} rows to {@code out} as it goes, so that a report of
   * millions of rows never exists in memory; the returned report's {@code xml} is empty.
   */
  public GeneratedReport write(Writer out, int rows, int sequence) throws IOException {
    return write((Appendable) out, rows, sequence);
  }

  private GeneratedReport write(Appendable xml, int rows, int sequence) throws IOException {
    Reporter reporter = REPORTERS.get(random.nextInt(REPORTERS.size()));
    String domain = DOMAINS.get(random.nextInt(DOMAINS.size()));
    LocalDate day = LocalDate.of(2026, 10, 1).plusDays(random.nextInt(56));
    long begin = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    long end = begin + 86_399;
    String reportId = Long.toUnsignedString(random.nextLong()) + "." + sequence;

    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<feedback>\n");
    xml.append("  <version>1.0</version>\n");
    xml.append("  <report_metadata>\n");
    element(xml, 4, "org_name", reporter.orgName());
    element(xml, 4, "email", reporter.email());
    element(xml, 4, "report_id", reportId);
    xml.append("    <date_range>\n");
    element(xml, 6, "begin", Long.toString(begin));
    element(xml, 6, "end", Long.toString(end));
    xml.append("    </date_range>\n  </report_metadata>\n");
    xml.append("  <policy_published>\n");
    element(xml, 4, "domain", domain);
    element(xml, 4, "adkim", "r");
    element(xml, 4, "aspf", "r");
    element(xml, 4, "p", random.nextBoolean() ? "reject" : "quarantine");
    element(xml, 4, "sp", "none");
    element(xml, 4, "pct", "100");
    xml.append("  </policy_published>\n");

    long messages = 0;
    long passing = 0;
    for (int i = 0; i < rows; i++) {
      Source source = SOURCES.get(random.nextInt(SOURCES.size()));
      String ip = source.ipPrefix().contains(":")
          ? source.ipPrefix() + Integer.toHexString(1 + (i % 65_000))
          : source.ipPrefix() + (1 + i % 254);
      long count = 1 + random.nextInt(random.nextInt(10) == 0 ? 5_000 : 50);
      boolean forwarded = random.nextInt(20) == 0;
      boolean spfPass = source.spfPass() && !forwarded;
      String dkimDomain = source.dkimDomain().equals("self") ? domain : source.dkimDomain();
      boolean dkimAligned = source.dkimPass() && dkimDomain.equals(domain);
      boolean spfAligned = spfPass && !source.dkimDomain().equals("sendgrid.net");
      boolean pass = dkimAligned || spfAligned;
      messages += count;
      if (pass) {
        passing += count;
      }
      xml.append("  <record>\n    <row>\n");
      element(xml, 6, "source_ip", ip);
      element(xml, 6, "count", Long.toString(count));
      xml.append("      <policy_evaluated>\n");
      element(xml, 8, "disposition", pass ? "none" : "reject");
      element(xml, 8, "dkim", dkimAligned ? "pass" : "fail");
      element(xml, 8, "spf", spfAligned ? "pass" : "fail");
      if (forwarded && pass) {
        xml.append("        <reason>\n");
        element(xml, 10, "type", "forwarded");
        xml.append("        </reason>\n");
      }
      xml.append("      </policy_evaluated>\n    </row>\n    <identifiers>\n");
      element(xml, 6, "header_from", domain);
      element(xml, 6, "envelope_from", spfAligned ? domain : "bounces." + dkimDomain);
      xml.append("    </identifiers>\n    <auth_results>\n");
      xml.append("      <dkim>\n");
      element(xml, 8, "domain", dkimDomain);
      element(xml, 8, "selector", "s" + (1 + i % 3));
      element(xml, 8, "result", source.dkimPass() ? "pass" : "fail");
      xml.append("      </dkim>\n      <spf>\n");
      element(xml, 8, "domain", spfAligned ? domain : "bounces." + dkimDomain);
      element(xml, 8, "scope", "mfrom");
      element(xml, 8, "result", spfPass ? "pass" : (forwarded ? "softfail" : "fail"));
      xml.append("      </spf>\n    </auth_results>\n  </record>\n");
    }
    xml.append("</feedback>\n");
    String fileName =
        reporter.receiverDomain() + "!" + domain + "!" + begin + "!" + end + "!" + sequence + ".xml";
    byte[] bytes = xml instanceof StringBuilder inMemory
        ? inMemory.toString().getBytes(StandardCharsets.UTF_8)
        : new byte[0];
    return new GeneratedReport(fileName, reporter.orgName(), domain, reportId, bytes, rows, messages, passing);
  }

  private static void element(Appendable xml, int indent, String name, String value) throws IOException {
    xml.append(" ".repeat(indent)).append('<').append(name).append('>');
    xml.append(value.replace("&", "&amp;").replace("<", "&lt;"));
    xml.append("</").append(name).append(">\n");
  }
}
