package org.dmarcpipeline.cli.bench;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.dmarcpipeline.testing.generate.GeneratedReport;
import org.dmarcpipeline.testing.generate.ReportGenerator;
import org.dmarcpipeline.testing.generate.ReportMails;
import org.dmarcpipeline.testing.generate.ReportPacking;

/**
 * Generated report mails, zipped and gzipped in turn, and the rows they hold.
 *
 * @param rows the report rows in all the mails: what must end up searchable
 */
record WorkloadMails(List<byte[]> mails, long rows) {

  WorkloadMails {
    mails = List.copyOf(mails);
  }

  /**
   * @param count reports of 1 to {@code maxRows} rows, each in a mail of its own
   * @param bigRows rows of one more, gzipped report; 0 for none
   */
  static WorkloadMails generate(long seed, int count, int maxRows, int bigRows) throws IOException {
    ReportGenerator generator = new ReportGenerator(seed);
    ReportPacking[] packings = {ReportPacking.ZIP, ReportPacking.GZIP};
    List<byte[]> mails = new ArrayList<>();
    long rows = 0;
    for (int i = 0; i < count; i++) {
      GeneratedReport report = generator.next(maxRows);
      mails.add(ReportMails.mail(report, packings[i % packings.length], BenchMailbox.USER));
      rows += report.rows();
    }
    if (bigRows > 0) {
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (var writer = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(gz), StandardCharsets.UTF_8))) {
        generator.write(writer, bigRows, count);
      }
      mails.add(ReportMails.mail("Report domain: big Submitter: google.com", BenchMailbox.USER, "google.com!big.xml.gz",
          "application/gzip", gz.toByteArray()));
      rows += bigRows;
    }
    return new WorkloadMails(mails, rows);
  }

  int count() {
    return mails.size();
  }

  long bytes() {
    return mails.stream().mapToLong(m -> m.length).sum();
  }
}
