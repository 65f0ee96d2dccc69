package org.dmarcpipeline.schema.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Reads typed settings from properties (a file) overlaid by the environment ({@code
 * dmarc.kafka.bootstrap-servers} is also {@code DMARC_KAFKA_BOOTSTRAP_SERVERS}), collecting every
 * problem so that a broken configuration is reported all at once, not one restart at a time.
 */
public final class Settings {

  private final Properties properties;
  private final Function<String, String> env;
  private final List<String> problems = new ArrayList<>();

  public Settings(Properties properties, Function<String, String> env) {
    this.properties = properties;
    this.env = env;
  }

  public static Settings of(Map<String, String> values) {
    Properties properties = new Properties();
    properties.putAll(values);
    return new Settings(properties, name -> null);
  }

  public Function<String, String> environment() {
    return env;
  }

  public Optional<String> optional(String key) {
    String fromEnv = env.apply(envName(key));
    String value = fromEnv != null ? fromEnv : properties.getProperty(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  public String string(String key, String fallback) {
    return optional(key).orElse(fallback);
  }

  public String required(String key) {
    Optional<String> value = optional(key);
    if (value.isEmpty()) {
      problems.add(key + " is required (or " + envName(key) + ")");
      return "";
    }
    return value.get();
  }

  public int integer(String key, int fallback, int min, int max) {
    return (int) longValue(key, fallback, min, max);
  }

  public long longValue(String key, long fallback, long min, long max) {
    Optional<String> value = optional(key);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.get());
      if (parsed < min || parsed > max) {
        problems.add(key + " must be between " + min + " and " + max + ", not " + parsed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      problems.add(key + " must be a whole number, not '" + value.get() + "'");
      return fallback;
    }
  }

  public Duration duration(String key, Duration fallback) {
    Optional<String> value = optional(key);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Duration.parse(value.get());
    } catch (DateTimeParseException e) {
      problems.add(key + " must be an ISO-8601 duration such as PT30S, not '" + value.get() + "'");
      return fallback;
    }
  }

  public Optional<Path> path(String key) {
    return optional(key).map(Path::of);
  }

  /** Every property whose key starts with {@code prefix}, prefix removed (file only, not env). */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> found = new java.util.TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith(prefix)) {
        found.put(key.substring(prefix.length()), properties.getProperty(key).strip());
      }
    }
    return found;
  }

  public List<String> list(String key) {
    return optional(key).map(v -> List.of(v.split("\\s*,\\s*"))).orElse(List.of());
  }

  /**
   * A secret named by {@code key + ".env"} (an environment variable) or {@code key + ".file"}.
   * Secrets never come from the properties file itself.
   */
  public Optional<Secret> secret(String key) {
    Optional<String> envName = optional(key + ".env");
    Optional<String> file = optional(key + ".file");
    try {
      if (envName.isPresent()) {
        return Optional.of(Secret.fromEnvironment(envName.get(), env));
      }
      if (file.isPresent()) {
        return Optional.of(Secret.fromFile(Path.of(file.get())));
      }
    } catch (ConfigException e) {
      problems.add(key + ": " + e.getMessage());
    }
    return Optional.empty();
  }

  public void problem(String message) {
    problems.add(message);
  }

  /** Throws with every problem found so far, one per line. */
  public void validate() throws ConfigException {
    if (!problems.isEmpty()) {
      throw new ConfigException("invalid configuration:\n  " + String.join("\n  ", problems));
    }
  }

  static String envName(String key) {
    return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
