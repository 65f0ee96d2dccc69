package org.dmarcpipeline.processor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ProcessorBoundariesTest {

  private final JavaClasses processor =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.dmarcpipeline.processor");

  @Test
  void processorShouldNotDependOnCamelOrIngest() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.camel..", "org.dmarcpipeline.ingest..", "jakarta.mail..")
        .because("stages talk only through Kafka and the schema module")
        .check(processor);
  }

  @Test
  void processorShouldNotUseTheTestHarness() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.dmarcpipeline.testing..")
        .because("local test services never ship in a production module")
        .check(processor);
  }
}
