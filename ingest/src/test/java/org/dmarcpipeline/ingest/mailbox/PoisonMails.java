package org.dmarcpipeline.ingest.mailbox;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.dmarcpipeline.ingest.mail.AttachmentFinder;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportMails;
import org.dmarcpipeline.testing.generate.ReportPacking;

/**
 * Mails that break the parse step, and the seam that makes them break it. A crafted report can
 * only hit what today's parser does not yet catch; the seam throws what no crafted mail reliably
 * causes (a stack overflow, an unforeseen runtime exception, a dead JVM), so the tests keep their
 * meaning as the parser improves.
 */
final class PoisonMails {

  /** The header that tells the seam how to fail: {@code stack-overflow}, {@code runtime}, {@code crash}. */
  static final String HEADER = "X-Test-Poison";

  private PoisonMails() {}

  /** A generated report with a header telling the seam to fail. */
  static byte[] seamed(GeneratedReport report, String how, String to) {
    String mail = new String(ReportMails.mail(report, ReportPacking.ZIP, to), StandardCharsets.ISO_8859_1);
    return (HEADER + ": " + how + "\r\n" + mail).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A report whose begin date is a number today's mapper fails on (ArithmeticException). */
  static byte[] poisonNumber(GeneratedReport report, String to) {
    String xml = new String(report.xml(), StandardCharsets.UTF_8)
        .replaceFirst("<begin>[0-9]+</begin>", "<begin>1e-999999999</begin>");
    return ReportMails.mail("poison " + report.reportId(), to, "poison.xml", "text/xml", xml.getBytes(StandardCharsets.UTF_8));
  }

  /** Wraps the real finder: mails with {@link #HEADER} fail as the header says. */
  static UnaryOperator<AttachmentFinder> seam() {
    return real -> mail -> {
      String head = new String(mail.bytes(), 0, Math.min(200, mail.bytes().length), StandardCharsets.ISO_8859_1);
      if (head.startsWith(HEADER + ": stack-overflow")) {
        throw new StackOverflowError();
      }
      if (head.startsWith(HEADER + ": runtime")) {
        throw new IllegalStateException("seam: unforeseen state");
      }
      if (head.startsWith(HEADER + ": crash")) {
        Runtime.getRuntime().halt(137); // as the kernel's OOM killer or an OutOfMemoryError exit would
      }
      return real.attachments(mail);
    };
  }
}
