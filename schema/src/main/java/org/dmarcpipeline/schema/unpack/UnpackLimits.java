package org.dmarcpipeline.schema.unpack;

/**
 * Limits applied while unpacking one attachment. A zip must hold exactly one file. Bytes are counted as they are read, never taken
 * from archive headers, which lie in zip bombs.
 *
 * @param maxCompressedBytes most bytes of the attachment itself
 * @param maxInflatedBytes most bytes of XML after decompression
 * @param maxRatio most inflated bytes per compressed byte (checked once past 1 MiB of output)
 * @param maxNesting most archive layers (a gzip inside a gzip is 2)
 */
public record UnpackLimits(
    long maxCompressedBytes, long maxInflatedBytes, int maxRatio, int maxNesting) {

  /**
   * Room for the largest reports we support (a million rows, {@link
   * org.dmarcpipeline.schema.xml.ReaderLimits#DEFAULTS}'s record limit, is about 620 MB of XML and
   * 14 MB gzipped; the largest real ones from Google and Microsoft are tens of MB of XML), and no
   * more: reports are streamed and the reader bounds what it holds, so these bound work (seconds
   * of CPU per attachment), not memory.
   */
  public static final UnpackLimits DEFAULTS =
      new UnpackLimits(64L << 20, 768L << 20, 1000, 2);

  public UnpackLimits {
    if (maxCompressedBytes <= 0 || maxInflatedBytes <= 0 || maxRatio <= 0) {
      throw new IllegalArgumentException("unpack limits must be positive");
    }
    if (maxNesting < 1) {
      throw new IllegalArgumentException("maxNesting must be at least 1");
    }
  }
}
