package org.dmarcpipeline.schema.unpack;

/**
 * The bytes of a report are not valid in the encoding it declares. Not a {@link
 * java.io.CharConversionException} on purpose: the JDK's parser prints those on stderr.
 */
public final class InvalidEncodingException extends UnpackException {
  public InvalidEncodingException(String reason) {
    super(reason);
  }
}
