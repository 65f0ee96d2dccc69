package org.dmarcpipeline.processor.spf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.dmarcpipeline.processor.dns.InMemoryDns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.TXTRecord;

/**
 * The openspf RFC 7208 test suite (release 2014.04) through our SPF check, each document's zone
 * data served by the in-memory DNS. Prints "N of M cases pass" at the end.
 */
class SpfConformanceTest {

  private static final long TTL = 3600;
  private static int run;
  private static int passed;

  record Case(String section, String name, String helo, String host, String mailFrom, List<String> expected, InMemoryDns dns) {
    @Override
    public String toString() {
      return section + " / " + name;
    }
  }

  static Stream<Arguments> cases() throws Exception {
    List<Arguments> cases = new ArrayList<>();
    try (InputStream in = SpfConformanceTest.class.getResourceAsStream("/conformance/rfc7208-tests.yml");
        MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(in)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document == null || !document.has("tests")) {
          continue;
        }
        String section = document.path("description").asText();
        JsonNode zone = document.path("zonedata");
        for (Iterator<Map.Entry<String, JsonNode>> tests = document.get("tests").fields(); tests.hasNext(); ) {
          Map.Entry<String, JsonNode> test = tests.next();
          JsonNode t = test.getValue();
          List<String> expected = new ArrayList<>();
          if (t.get("result").isArray()) {
            t.get("result").forEach(r -> expected.add(r.asText().toLowerCase(Locale.ROOT)));
          } else {
            expected.add(t.get("result").asText().toLowerCase(Locale.ROOT));
          }
          Case c = new Case(section, test.getKey(), t.path("helo").asText(), t.path("host").asText(),
              t.path("mailfrom").asText(), expected, dns(zone));
          cases.add(Arguments.of(c));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void checkHostShouldGiveTheSuiteResult(Case c) {
    SpfVerdict verdict = new SpfChecker().check(c.dns(), c.host(), c.mailFrom(), c.helo());
    synchronized (SpfConformanceTest.class) {
      run++;
      if (c.expected().contains(verdict.result().word())) {
        passed++;
      }
    }
    assertThat(verdict.result().word()).as(c + " (" + c.mailFrom() + " from " + c.host() + ")").isIn(c.expected());
  }

  @AfterAll
  static void report() {
    System.out.printf("SPF conformance (RFC 7208 suite): %d of %d cases pass%n", passed, run);
  }

  /** The suite's zone data; SPF entries also answer TXT questions where a name has no TXT of its own. */
  private static InMemoryDns dns(JsonNode zone) throws Exception {
    InMemoryDns dns = new InMemoryDns();
    for (Iterator<Map.Entry<String, JsonNode>> names = zone.fields(); names.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = names.next();
      Name name;
      try {
        name = Name.fromString(entry.getKey().endsWith(".") ? entry.getKey() : entry.getKey() + ".");
      } catch (Exception e) {
        continue; // a name no server could hold
      }
      boolean hasTxt = false;
      for (JsonNode record : entry.getValue()) {
        if (record.isObject() && record.has("TXT")) {
          hasTxt = true;
        }
      }
      for (JsonNode record : entry.getValue()) {
        if (record.isTextual() && record.asText().equals("TIMEOUT")) {
          dns.timeout(name);
          continue;
        }
        Map.Entry<String, JsonNode> typed = record.fields().next();
        JsonNode value = typed.getValue();
        switch (typed.getKey()) {
          case "SPF" -> {
            dns.add(new SPFRecord(name, DClass.IN, TTL, strings(value)));
            if (!hasTxt) {
              dns.add(new TXTRecord(name, DClass.IN, TTL, strings(value)));
            }
          }
          case "TXT" -> {
            // "TXT: NONE" in the suite means: no TXT record here (and none copied from SPF)
            if (!value.asText().equals("NONE")) {
              dns.add(new TXTRecord(name, DClass.IN, TTL, strings(value)));
            }
          }
          case "A" -> dns.add(new ARecord(name, DClass.IN, TTL, InetAddress.getByAddress(literal(value.asText()))));
          case "AAAA" -> dns.add(new AAAARecord(name, DClass.IN, TTL, InetAddress.getByAddress(literal(value.asText()))));
          case "MX" -> dns.add(new MXRecord(name, DClass.IN, TTL, value.get(0).asInt(), absolute(value.get(1).asText())));
          case "PTR" -> dns.add(new PTRRecord(name, DClass.IN, TTL, absolute(value.asText())));
          case "CNAME" -> dns.add(new CNAMERecord(name, DClass.IN, TTL, absolute(value.asText())));
          default -> throw new IllegalStateException("record type not handled: " + typed.getKey());
        }
      }
    }
    return dns;
  }

  private static List<String> strings(JsonNode value) {
    List<String> strings = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(s -> strings.add(s.asText()));
    } else {
      strings.add(value.asText());
    }
    return strings;
  }

  private static Name absolute(String name) throws Exception {
    if (name.isEmpty()) {
      return Name.root;
    }
    return Name.fromString(name.endsWith(".") ? name : name + ".");
  }

  /** Address literals only: the suite's data is never resolved. */
  private static byte[] literal(String ip) {
    return com.google.common.net.InetAddresses.forString(ip).getAddress();
  }
}
