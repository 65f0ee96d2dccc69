package org.dmarcpipeline.schema.unpack;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.dmarcpipeline.schema.InvalidReportException;

/**
 * Opens an attachment as the stream of report XML inside it: plain XML, gzip (members
 * concatenated, trailing bytes tolerated, gzip in gzip up to the nesting limit) or a zip holding
 * one file, which must not be an archive itself. Nothing is inflated ahead of the reader, so an
 * over-limit input stops at the limit; a corrupt layer is reported as that layer's fault.
 */
public final class ReportUnpacker {

  private static final int SNIFF_BYTES = 64;
  private static final long RATIO_GRACE_BYTES = 1L << 20;

  private final UnpackLimits limits;

  public ReportUnpacker() {
    this(UnpackLimits.DEFAULTS);
  }

  public ReportUnpacker(UnpackLimits limits) {
    this.limits = limits;
  }

  /**
   * Returns the XML stream inside {@code attachment}. Reading it throws {@link
   * UnpackLimitException} when a limit is broken.
   *
   * @throws InvalidReportException when the content is neither XML, gzip nor zip, or an archive is
   *     malformed, nested too deep or holds anything but one file
   */
  public InputStream open(InputStream attachment) throws InvalidReportException, IOException {
    // A plain XML attachment may be as large as inflated XML may be; archives are held to the
    // smaller compressed limit as they are read (RatioLimitedStream).
    CountingInputStream compressed =
        new CountingInputStream(
            attachment,
            limits.maxInflatedBytes(),
            "refused: attachment is larger than " + limits.maxInflatedBytes() + " bytes");
    InputStream current = compressed;
    ContentKind outer = null;
    for (int layer = 0; ; layer++) {
      BufferedInputStream buffered = new BufferedInputStream(current, 8192);
      ContentKind kind = sniff(buffered);
      if (outer == ContentKind.ZIP && (kind == ContentKind.GZIP || kind == ContentKind.ZIP)) {
        // a zip holds the report itself in every real report; an archive in it is a bomb's shape
        throw new InvalidReportException("refused: a zip holds another archive (" + kind.name().toLowerCase(java.util.Locale.ROOT) + "), not a report");
      }
      switch (kind) {
        case XML -> {
          if (layer == 0) {
            return buffered;
          }
          return new RatioLimitedStream(buffered, compressed);
        }
        case UNKNOWN ->
            throw new InvalidReportException(
                layer == 0
                    ? "not a DMARC aggregate report: content is neither XML, gzip nor zip"
                    : "not a DMARC aggregate report: archive content is neither XML, gzip nor zip");
        case GZIP, ZIP -> {
          if (layer >= limits.maxNesting()) {
            throw new InvalidReportException(
                "refused: archives nested more than " + limits.maxNesting() + " deep");
          }
          current = kind == ContentKind.GZIP ? gunzip(buffered) : unzip(buffered);
          outer = kind;
        }
      }
    }
  }

  private InputStream gunzip(InputStream in) throws InvalidReportException, IOException {
    try {
      return new CorruptLayerStream(new GZIPInputStream(in, 8192), "gzip");
    } catch (ZipException | EOFException e) {
      throw new InvalidReportException("corrupt gzip: " + reason(e), e);
    }
  }

  private InputStream unzip(InputStream in) throws InvalidReportException, IOException {
    ZipInputStream zip = new ZipInputStream(in);
    ZipEntry entry;
    try {
      entry = zip.getNextEntry();
      if (entry != null && entry.isDirectory()) {
        throw new InvalidReportException("refused: zip holds a directory entry");
      }
    } catch (ZipException | EOFException e) {
      throw new InvalidReportException("corrupt zip: " + reason(e), e);
    }
    if (entry == null) {
      throw new InvalidReportException("not a DMARC aggregate report: empty zip");
    }
    checkEntryName(entry.getName());
    return new CorruptLayerStream(new SingleEntryZipStream(zip), "zip");
  }

  /**
   * The entry name is never used as a path, but a name that climbs out of a folder, starts at a
   * root or holds control characters is what a path-traversal attack looks like (RELIABILITY's
   * rule: refuse it), and no report-writing software makes one.
   */
  private static void checkEntryName(String name) throws InvalidReportException {
    String normalized = name.replace('\\', '/');
    boolean climbs = normalized.equals("..") || normalized.startsWith("../") || normalized.contains("/../") || normalized.endsWith("/..");
    boolean absolute = normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*");
    boolean control = name.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    if (climbs || absolute || control) {
      throw new InvalidReportException(
          "refused: zip entry name " + (climbs ? "climbs out of its folder" : absolute ? "is an absolute path" : "holds control characters")
              + " ('" + printable(name) + "')");
    }
  }

  private static String printable(String name) {
    String shown = name.codePoints().map(c -> c < 0x20 || c == 0x7f ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return shown.length() <= 80 ? shown : shown.substring(0, 80) + "...";
  }

  private static String reason(IOException e) {
    return e.getMessage() == null ? "the archive ends early" : e.getMessage();
  }

  /**
   * Reports what the JDK's decompressors throw while inflating (bad CRC, truncated data, an
   * encrypted entry) as the fault of the layer that threw it, so that the reason says "corrupt
   * zip" or "corrupt gzip" instead of the XML parser's words for a stream that broke.
   */
  private static final class CorruptLayerStream extends FilterInputStream {
    private final String layer;

    CorruptLayerStream(InputStream in, String layer) {
      super(in);
      this.layer = layer;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (ZipException | EOFException e) {
        throw new CorruptArchiveException("corrupt " + layer + ": " + reason(e));
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        return super.read(buffer, offset, length);
      } catch (ZipException | EOFException e) {
        throw new CorruptArchiveException("corrupt " + layer + ": " + reason(e));
      }
    }
  }

  private static ContentKind sniff(BufferedInputStream in) throws IOException {
    in.mark(SNIFF_BYTES);
    byte[] head = in.readNBytes(SNIFF_BYTES);
    in.reset();
    return ContentKind.sniff(head, head.length);
  }

  /** Stops a decompression whose output outgrows its input by more than the allowed ratio. */
  private final class RatioLimitedStream extends FilterInputStream {
    private final CountingInputStream compressed;
    private long inflated;

    RatioLimitedStream(InputStream in, CountingInputStream compressed) {
      super(in);
      this.compressed = compressed;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        check(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        check(n);
      }
      return n;
    }

    private void check(int n) throws UnpackLimitException {
      inflated += n;
      if (compressed.count() > limits.maxCompressedBytes()) {
        throw new UnpackLimitException(
            "refused: compressed attachment is larger than " + limits.maxCompressedBytes() + " bytes");
      }
      if (inflated > limits.maxInflatedBytes()) {
        throw new UnpackLimitException(
            "refused: report inflates to more than " + limits.maxInflatedBytes() + " bytes");
      }
      if (inflated > RATIO_GRACE_BYTES
          && inflated / Math.max(1, compressed.count()) > limits.maxRatio()) {
        throw new UnpackLimitException(
            "refused: compression ratio above " + limits.maxRatio() + ":1 (zip bomb?)");
      }
    }
  }

  /** The one entry of a zip; a second entry is refused rather than silently ignored. */
  private static final class SingleEntryZipStream extends FilterInputStream {
    private final ZipInputStream zip;

    SingleEntryZipStream(ZipInputStream zip) {
      super(zip);
      this.zip = zip;
    }

    @Override
    public int read() throws IOException {
      int b = zip.read();
      return b < 0 ? endOfEntry() : b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = zip.read(buffer, offset, length);
      return n < 0 ? endOfEntry() : n;
    }

    private int endOfEntry() throws IOException {
      if (zip.getNextEntry() != null) {
        throw new UnpackLimitException("refused: zip holds more than one file");
      }
      return -1;
    }
  }
}
