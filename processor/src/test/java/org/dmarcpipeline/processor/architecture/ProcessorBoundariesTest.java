package org.dmarcpipeline.processor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
        .resideInAnyPackage("org.apache.camel..", "org.dmarcpipeline.ingest..")
        .because("stages talk only through Kafka and the schema module")
        .check(processor);
  }

  @Test
  void onlyTheSmtpAlertSinkShouldUseJakartaMail() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("org.dmarcpipeline.processor.alert.SmtpSink")
        .and()
        .doNotHaveFullyQualifiedName("org.dmarcpipeline.processor.alert.SmtpSink$1")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jakarta.mail..")
        .because("the processor reads no mail; it only sends alert mail")
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

  @Test
  void processorPackagesShouldBeFreeOfCycles() {
    slices()
        .matching("org.dmarcpipeline.processor.(*)..")
        .should()
        .beFreeOfCycles()
        .because("each package of the processor is built and tested on what it depends on, never on what depends on it")
        .check(processor);
  }
}
