package org.dmarcpipeline.schema.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ModuleBoundariesTest {

  private final JavaClasses schema =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.dmarcpipeline.schema");

  @Test
  void schemaShouldDependOnNoTransport() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.camel..", "org.apache.kafka..", "co.elastic..", "jakarta.mail..")
        .because("schema is the contract between stages and must stay usable by every one of them")
        .check(schema);
  }

  @Test
  void onlyTheMapperShouldSeeGeneratedJaxbTypes() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.dmarcpipeline.schema.jaxb..", "org.dmarcpipeline.schema.xml..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.dmarcpipeline.schema.jaxb..")
        .because("generated code is quarantined: downstream code sees only our records")
        .check(schema);
  }

  @Test
  void nothingShouldResolveHostNamesFromReportData() {
    noClasses()
        .should()
        .callMethod(java.net.InetAddress.class, "getByName", String.class)
        .orShould()
        .callMethod(java.net.InetAddress.class, "getAllByName", String.class)
        .because("report data is untrusted and must never trigger DNS lookups through the system resolver")
        .check(schema);
  }
}
