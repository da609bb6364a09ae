package dev.dzauth.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The starter's arrows point one way: {@code dev.dzauth.spring} (the observer SPI) ← {@code
 * .security} (Spring Security integration) ← {@code .boot} (auto-configuration) ← {@code
 * .boot.actuate}. It uses the servlet module only through what that module exports to it (the
 * adapter SPI and the filter), and core only through core's API.
 */
class SpringModuleArrowsTests {

  private static final JavaClasses MODULE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("dev.dzauth.spring");

  @Test
  void layersPointDown() {
    layeredArchitecture()
        .consideringOnlyDependenciesInAnyPackage("dev.dzauth.spring..")
        .layer("spi")
        .definedBy("dev.dzauth.spring")
        .layer("security")
        .definedBy("dev.dzauth.spring.security..")
        .layer("boot")
        .definedBy("dev.dzauth.spring.boot")
        .layer("actuate")
        .definedBy("dev.dzauth.spring.boot.actuate..")
        .whereLayer("actuate")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("boot")
        .mayOnlyBeAccessedByLayers("actuate")
        .whereLayer("security")
        .mayOnlyBeAccessedByLayers("boot", "actuate")
        .check(MODULE);
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.dzauth.spring.(**)").should().beFreeOfCycles().check(MODULE);
  }

  @Test
  void theSecurityIntegrationNeedsNoSpringBoot() {
    noClasses()
        .that()
        .resideInAPackage("dev.dzauth.spring.security..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework.boot..")
        .check(MODULE);
  }
}
