package org.dmarcpipeline.schema.unpack;

/** A zip or gzip layer of an attachment is corrupt or truncated; the reason names the layer. */
public final class CorruptArchiveException extends UnpackException {
  public CorruptArchiveException(String reason) {
    super(reason);
  }
}
