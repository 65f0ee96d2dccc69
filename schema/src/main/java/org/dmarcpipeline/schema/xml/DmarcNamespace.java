package org.dmarcpipeline.schema.xml;

import java.util.Optional;

/** The XML namespaces a DMARC aggregate report may use. Any other namespace is refused. */
public enum DmarcNamespace {
  /** Most real reports declare no namespace at all. */
  NONE(""),
  /** The namespace of the RFC 7489 appendix C schema. */
  DMARC_XML_0_1("http://dmarc.org/dmarc-xml/0.1"),
  /** RFC 9990 (DMARCbis aggregate reporting). */
  DMARC_2_0("urn:ietf:params:xml:ns:dmarc-2.0");

  private final String uri;

  DmarcNamespace(String uri) {
    this.uri = uri;
  }

  public String uri() {
    return uri;
  }

  public static Optional<DmarcNamespace> of(String uri) {
    String wanted = uri == null ? "" : uri;
    for (DmarcNamespace namespace : values()) {
      if (namespace.uri.equals(wanted)) {
        return Optional.of(namespace);
      }
    }
    return Optional.empty();
  }
}
