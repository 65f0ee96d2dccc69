package org.dmarcpipeline.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes written to a temporary file and copied on at the end: output that must not be printed
 * before it is complete, held on disk so that memory does not grow with it. Deleted on close.
 */
final class Spool implements AutoCloseable {

  private final Path file;
  private final OutputStream out;

  Spool() throws IOException {
    file = Files.createTempFile("dmarc-parse-", ".json");
    out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
  }

  OutputStream out() {
    return out;
  }

  /** Everything written so far, copied to {@code target}. */
  void copyTo(OutputStream target) throws IOException {
    out.flush();
    Files.copy(file, target);
  }

  /** Everything written so far, UTF-8 text, copied to {@code target}. */
  void copyTo(Writer target) throws IOException {
    out.flush();
    try (Reader text = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      text.transferTo(target);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }
}
