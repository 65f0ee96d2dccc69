package org.dmarcpipeline.schema.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A password or key. Its {@link #toString()} never shows the value, so it can travel through
 * configuration dumps and log lines safely; only {@link #reveal()} hands it out.
 */
public final class Secret {

  private final String value;
  private final String source;

  private Secret(String value, String source) {
    this.value = Objects.requireNonNull(value);
    this.source = source;
  }

  /** A secret read from the environment variable {@code name}. */
  public static Secret fromEnvironment(String name, java.util.function.Function<String, String> env)
      throws ConfigException {
    String value = env.apply(name);
    if (value == null || value.isEmpty()) {
      throw new ConfigException("environment variable " + name + " is not set");
    }
    return new Secret(value, "env:" + name);
  }

  /** A secret read from a file (a mounted secret); one trailing newline is dropped. */
  public static Secret fromFile(Path file) throws ConfigException {
    try {
      String value = Files.readString(file);
      if (value.endsWith("\n")) {
        value = value.substring(0, value.length() - 1);
      }
      if (value.isEmpty()) {
        throw new ConfigException("secret file " + file + " is empty");
      }
      return new Secret(value, "file:" + file);
    } catch (IOException e) {
      throw new ConfigException("cannot read secret file " + file + ": " + e.getMessage());
    }
  }

  /** For tests and the local demo, whose throw-away passwords live in code. */
  public static Secret of(String value) {
    return new Secret(value, "inline");
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****(" + source + ")";
  }
}
