package org.dmarcpipeline.schema;

/**
 * A permanent problem with report input: retrying will not help, so the input goes to the dead
 * letter with {@link #getMessage()} as its reason.
 *
 * <p>The message is one line meant for a person ("not a DMARC aggregate report: root element is
 * &lt;html&gt;") and never quotes more than a short excerpt of the input.
 */
public class InvalidReportException extends Exception {

  public InvalidReportException(String reason) {
    super(reason);
  }

  public InvalidReportException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
