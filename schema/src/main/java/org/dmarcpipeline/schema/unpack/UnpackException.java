package org.dmarcpipeline.schema.unpack;

import java.io.IOException;

/**
 * A permanent problem found while unpacking an attachment, thrown from inside a read; an {@link
 * IOException} so that it travels through decompressors and parsers unchanged, and is then
 * reported as the reason the input is refused.
 */
public abstract sealed class UnpackException extends IOException
    permits UnpackLimitException, CorruptArchiveException, InvalidEncodingException {

  UnpackException(String reason) {
    super(reason);
  }
}
