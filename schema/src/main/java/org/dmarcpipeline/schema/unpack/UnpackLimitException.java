package org.dmarcpipeline.schema.unpack;

/** An attachment broke a limit (of {@link UnpackLimits} or of the XML reader's); the reason names it. */
public final class UnpackLimitException extends UnpackException {
  public UnpackLimitException(String reason) {
    super(reason);
  }
}
