package org.dmarcpipeline.schema.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The Elasticsearch templates that make up the storage contract, in the order they must be
 * installed: component templates first, because index templates refuse to compose a missing one.
 *
 * <p>Every index template also composes {@code <name>@custom}, which this project never writes:
 * operators put replicas, ILM or tier settings there and a restart does not undo them.
 */
public final class StorageTemplates {

  /** A template's name and the JSON body of its {@code PUT}. */
  public record Template(String name, String resource) {

    public InputStream body() {
      InputStream in = StorageTemplates.class.getResourceAsStream(resource);
      if (in == null) {
        throw new UncheckedIOException(new IOException("missing resource " + resource));
      }
      return in;
    }
  }

  public static final List<Template> COMPONENTS =
      List.of(
          new Template("dmarc-settings", "component/dmarc-settings.json"),
          new Template("dmarc-policy-published", "component/dmarc-policy-published.json"),
          new Template("dmarc-cross-check", "component/dmarc-cross-check.json"));

  public static final List<Template> INDEX_TEMPLATES =
      List.of(
          new Template(RecordIndex.TEMPLATE_NAME, "dmarc-records-template.json"),
          new Template(ReportIndex.TEMPLATE_NAME, "dmarc-reports-template.json"),
          new Template(ReportIndex.KEYS_TEMPLATE_NAME, "dmarc-report-keys-template.json"),
          new Template(AlertIndex.TEMPLATE_NAME, "dmarc-alerts-template.json"),
          new Template(DeadLetterIndex.TEMPLATE_NAME, "dmarc-dead-letters-template.json"));

  private StorageTemplates() {}
}
