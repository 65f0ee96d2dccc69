package org.dmarcpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/cases.md and the tests stay in step: every case id a test carries in its name is defined
 * there, and every test it names exists. Runs from the cli module, whose parent is the repository.
 */
class CaseCatalogueTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern ROW = Pattern.compile("^\\| ([A-Z]\\d+) \\|.*\\| ([^|]*) \\|$");
  private static final Pattern NAMED_TEST = Pattern.compile("`([A-Z][A-Za-z0-9]+)\\.([a-z][A-Za-z0-9]+)`");
  private static final Pattern CASE_TEST = Pattern.compile("void ([a-zA-Z0-9]+)((?:_[A-Z]\\d+)+)\\(");

  @Test
  void everyCaseATestNamesShouldBeDefinedInTheCatalogue() throws IOException {
    Set<String> defined = catalogue().keySet();
    Set<String> named = new TreeSet<>();
    testSources().forEach((file, source) -> {
      Matcher test = CASE_TEST.matcher(source);
      while (test.find()) {
        for (String id : test.group(2).substring(1).split("_")) {
          named.add(id + " (" + file.getFileName() + ")");
          if (!defined.contains(id)) {
            named.add("UNDEFINED " + id + " in " + file.getFileName() + "." + test.group(1));
          }
        }
      }
    });
    assertThat(named).isNotEmpty().noneMatch(n -> n.startsWith("UNDEFINED"));
  }

  @Test
  void everyTestTheCatalogueNamesShouldExist() throws IOException {
    Map<String, String> sources = new HashMap<>();
    testSources().forEach((file, source) -> sources.put(file.getFileName().toString().replace(".java", ""), source));
    Set<String> missing = new HashSet<>();
    int named = 0;
    for (List<String> tests : catalogue().values()) {
      for (String test : tests) {
        named++;
        String[] parts = test.split("\\.");
        String source = sources.get(parts[0]);
        if (source == null || !Pattern.compile("void " + parts[1] + "(_[A-Z]\\d+)*\\(").matcher(source).find()) {
          missing.add(test);
        }
      }
    }
    assertThat(named).as("tests named in docs/cases.md").isGreaterThan(50);
    assertThat(missing).as("tests named in docs/cases.md that do not exist").isEmpty();
  }

  /** Case id to the tests its row names. */
  private static Map<String, List<String>> catalogue() throws IOException {
    Map<String, List<String>> cases = new HashMap<>();
    for (String line : Files.readAllLines(ROOT.resolve("docs/cases.md"))) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        Matcher test = NAMED_TEST.matcher(row.group(2));
        List<String> tests = new java.util.ArrayList<>();
        while (test.find()) {
          tests.add(test.group(1) + "." + test.group(2));
        }
        cases.put(row.group(1), tests);
      }
    }
    assertThat(cases).as("cases in docs/cases.md").hasSizeGreaterThan(60);
    return cases;
  }

  private static Map<Path, String> testSources() throws IOException {
    Map<Path, String> sources = new HashMap<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      files.filter(p -> p.toString().contains("/src/test/java/") && p.toString().endsWith(".java"))
          .forEach(p -> {
            try {
              sources.put(p, Files.readString(p));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return sources;
  }
}
