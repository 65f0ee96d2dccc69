package org.dmarcpipeline.ingest.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class IngestBoundariesTest {

  private final JavaClasses ingest =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.dmarcpipeline.ingest");

  @Test
  void ingestShouldNotDependOnElasticsearchOrProcessor() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("co.elastic..", "org.dmarcpipeline.processor..", "org.dmarcpipeline.testing..")
        .because("ingest hands everything to Kafka; indexing is the processor's job")
        .check(ingest);
  }

  @Test
  void onlyTheMailboxPackageShouldUseCamel() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.dmarcpipeline.ingest.mailbox..", "org.dmarcpipeline.ingest")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.camel..")
        .because("routes are wiring; parsing and publishing are plain, unit-tested beans")
        .check(ingest);
  }
}
