package org.dmarcpipeline.schema.index;

/** Alerts, one document per alert id, kept open or resolved in place. */
public final class AlertIndex {

  public static final String INDEX = "dmarc-alerts";
  public static final String TEMPLATE_NAME = "dmarc-alerts";

  private AlertIndex() {}
}
