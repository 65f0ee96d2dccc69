package org.dmarcpipeline.schema.index;

import java.io.InputStream;

/** Alerts, one document per alert id, kept open or resolved in place. */
public final class AlertIndex {

  public static final String INDEX = "dmarc-alerts";
  public static final String TEMPLATE_NAME = "dmarc-alerts";

  private AlertIndex() {}

  /** The body of {@code PUT _index_template/dmarc-alerts}. */
  public static InputStream template() {
    return RecordIndex.resource("dmarc-alerts-template.json");
  }
}
