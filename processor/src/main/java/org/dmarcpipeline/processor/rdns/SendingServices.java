package org.dmarcpipeline.processor.rdns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Mail services known by the base domain of their servers' names ({@code sending-services.tsv}). */
public final class SendingServices {

  /** A known sending service. */
  public record Service(String name, String type) {}

  private final Map<String, Service> byBaseDomain;

  private SendingServices(Map<String, Service> byBaseDomain) {
    this.byBaseDomain = Map.copyOf(byBaseDomain);
  }

  /** The list the project maintains. */
  public static SendingServices bundled() {
    try (InputStream in = SendingServices.class.getResourceAsStream("sending-services.tsv")) {
      if (in == null) {
        throw new IOException("sending-services.tsv missing");
      }
      Map<String, Service> services = new HashMap<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] columns = line.split("\t");
        services.put(columns[0].strip(), new Service(columns[1].strip(), columns[2].strip()));
      }
      return new SendingServices(services);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<Service> byBaseDomain(String baseDomain) {
    return Optional.ofNullable(byBaseDomain.get(baseDomain));
  }
}
