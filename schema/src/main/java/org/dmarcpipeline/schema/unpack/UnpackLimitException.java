package org.dmarcpipeline.schema.unpack;

import java.io.IOException;

/**
 * Thrown from inside a read when an attachment breaks an {@link UnpackLimits} limit; an {@link
 * IOException} so that it travels through parsers unchanged, and is then reported as the reason.
 */
public final class UnpackLimitException extends IOException {
  public UnpackLimitException(String reason) {
    super(reason);
  }
}
