package org.dmarcpipeline.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The project's own report fixtures, one small file per case, under {@code fixtures/}. */
public final class Fixtures {

  private Fixtures() {}

  public static InputStream open(String name) {
    InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name);
    if (in == null) {
      throw new IllegalArgumentException("no fixture " + name);
    }
    return in;
  }

  public static byte[] bytes(String name) {
    try (InputStream in = open(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
