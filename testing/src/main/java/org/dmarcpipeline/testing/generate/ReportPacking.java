package org.dmarcpipeline.testing.generate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** How reporters ship a report: plain XML, gzip or zip (one entry). */
public enum ReportPacking {
  XML(".xml", "text/xml"),
  GZIP(".xml.gz", "application/gzip"),
  ZIP(".zip", "application/zip");

  private final String extension;
  private final String contentType;

  ReportPacking(String extension, String contentType) {
    this.extension = extension;
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  /** The report's RFC file name with this packing's extension. */
  public String fileName(GeneratedReport report) {
    String base = report.fileName().substring(0, report.fileName().length() - ".xml".length());
    return base + extension;
  }

  public byte[] pack(GeneratedReport report) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(report.xml().length / 8 + 64);
      switch (this) {
        case XML -> out.write(report.xml());
        case GZIP -> {
          try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(report.xml());
          }
        }
        case ZIP -> {
          try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(report.fileName()));
            zip.write(report.xml());
            zip.closeEntry();
          }
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
