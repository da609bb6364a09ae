package dev.dzauth.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The arrows between core's packages point one way, down this stack (each may use what is below it,
 * never what is above):
 *
 * <pre>
 *   assembly             DzAuth: builds and closes the object graph
 *   lifecycle            the token service: create, list, revoke, ...
 *   publish              the issuer's Token Status List publisher (beside lifecycle: neither uses
 *                        the other)
 *   store (jdbc, redis)  the store SPI, its records and the stores
 *   statuslist           the verify-only Token Status List client (beside store: neither uses
 *                        the other, it uses only token, status and dev.dzauth)
 *   token                keys, minting, verification, the Status List Token
 *   status               the status cache, the feed poller, the status SPIs, the status list codec
 *   dev.dzauth           the one failure type
 * </pre>
 *
 * Nimbus JOSE+JWT is confined to {@code dev.dzauth.token}, and core knows no adapter.
 */
class CorePackageArrowsTests {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.dzauth");

  @Test
  void packagesDependOnlyOnTheLayersBelowThem() {
    layeredArchitecture()
        .consideringOnlyDependenciesInAnyPackage("dev.dzauth..")
        .layer("failure")
        .definedBy("dev.dzauth")
        .layer("status")
        .definedBy("dev.dzauth.status..")
        .layer("token")
        .definedBy("dev.dzauth.token..")
        .layer("store")
        .definedBy("dev.dzauth.store..")
        .layer("statuslist")
        .definedBy("dev.dzauth.statuslist..")
        .layer("publish")
        .definedBy("dev.dzauth.publish..")
        .layer("lifecycle")
        .definedBy("dev.dzauth.lifecycle..")
        .layer("assembly")
        .definedBy("dev.dzauth.assembly..")
        .whereLayer("assembly")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("lifecycle")
        .mayOnlyBeAccessedByLayers("assembly")
        .whereLayer("publish")
        .mayOnlyBeAccessedByLayers("assembly")
        .whereLayer("statuslist")
        .mayOnlyBeAccessedByLayers("assembly")
        .whereLayer("store")
        .mayOnlyBeAccessedByLayers("lifecycle", "publish", "assembly")
        .whereLayer("token")
        .mayOnlyBeAccessedByLayers("statuslist", "lifecycle", "publish", "assembly")
        .whereLayer("status")
        .mayOnlyBeAccessedByLayers(
            "token", "statuslist", "store", "lifecycle", "publish", "assembly")
        .check(CORE);
  }

  @Test
  void theStatusListClientUsesOnlyTokenStatusAndTheFailureType() {
    noClasses()
        .that()
        .resideInAPackage("dev.dzauth.statuslist..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.dzauth.store..", "dev.dzauth.lifecycle..", "dev.dzauth.assembly..")
        .check(CORE);
  }

  @Test
  void thePublisherAndTheLifecycleDoNotUseEachOther() {
    noClasses()
        .that()
        .resideInAPackage("dev.dzauth.publish..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.dzauth.lifecycle..", "dev.dzauth.statuslist..")
        .check(CORE);
    noClasses()
        .that()
        .resideInAPackage("dev.dzauth.lifecycle..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.dzauth.publish..")
        .check(CORE);
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.dzauth.(**)").should().beFreeOfCycles().check(CORE);
  }

  @Test
  void nimbusStaysInsideTheTokenPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.dzauth.token")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.nimbusds..")
        .check(CORE);
  }

  @Test
  void coreKnowsNoAdapter() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.dzauth.http..",
            "dev.dzauth.servlet..",
            "dev.dzauth.spring..",
            "jakarta.servlet..",
            "org.springframework..")
        .check(CORE);
  }
}
