package org.dmarcpipeline.schema.config;

/** Configuration that cannot work; the message lists every problem found, one per line. */
public class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }
}
