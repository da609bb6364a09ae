package dev.dzauth.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The servlet module's arrows point one way: the adapter SPI ({@code dev.dzauth.http}, every HTTP
 * rule, framework-neutral) ← its servlet binding ({@code dev.dzauth.http.servlet}) ← the Jetty
 * hardening ← the filter and the API servlet ({@code dev.dzauth.servlet}). Core is below them all;
 * nothing here knows Spring.
 */
class ServletModuleArrowsTests {

  private static final JavaClasses MODULE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("dev.dzauth.http", "dev.dzauth.servlet");

  @Test
  void layersPointDown() {
    layeredArchitecture()
        .consideringOnlyDependenciesInAnyPackage("dev.dzauth.http..", "dev.dzauth.servlet..")
        .layer("spi")
        .definedBy("dev.dzauth.http")
        .layer("spi-servlet")
        .definedBy("dev.dzauth.http.servlet..")
        .layer("jetty")
        .definedBy("dev.dzauth.servlet.jetty..")
        .layer("filter")
        .definedBy("dev.dzauth.servlet")
        .whereLayer("filter")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("jetty")
        .mayOnlyBeAccessedByLayers("filter")
        .whereLayer("spi-servlet")
        .mayOnlyBeAccessedByLayers("jetty", "filter")
        .check(MODULE);
  }

  @Test
  void theAdapterSpiIsFrameworkNeutral() {
    noClasses()
        .that()
        .resideInAPackage("dev.dzauth.http")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("jakarta.servlet..", "org.eclipse.jetty..", "org.springframework..")
        .check(MODULE);
  }

  @Test
  void nothingKnowsSpring() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.dzauth.spring..", "org.springframework..")
        .check(MODULE);
  }
}
