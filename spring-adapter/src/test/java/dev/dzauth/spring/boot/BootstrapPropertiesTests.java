package dev.dzauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.token.VerifiedToken;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code dz.auth.bootstrap.*} translate into the assembly's bootstrap, and only that. */
final class BootstrapPropertiesTests {

  @TempDir Path dir;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class, DzAuthAutoConfiguration.class))
          .withPropertyValues(
              "dz.auth.issuer=https://boot.test",
              "spring.datasource.url=jdbc:h2:mem:dzauth-boot-"
                  + System.nanoTime()
                  + ";DB_CLOSE_DELAY=-1");

  @Test
  void bootstrapPropertiesWhenSetThenTheFirstTokenIsInTheFileOnceAcrossRestarts() {
    Path file = dir.resolve("admin.token");
    String[] props = {
      "dz.auth.bootstrap.subject=ops@example.test",
      "dz.auth.bootstrap.business=acme",
      "dz.auth.bootstrap.scopes=tokens:read,reports:read",
      "dz.auth.bootstrap.token-file=" + file
    };
    String[] token = new String[1];
    runner
        .withPropertyValues(props)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              token[0] = Files.readString(file).strip();
              VerifiedToken verified = context.getBean(DzAuth.class).verifier().verify(token[0]);
              assertThat(verified.subject()).isEqualTo("ops@example.test");
              assertThat(verified.businessId()).isEqualTo("acme");
              assertThat(verified.scopes())
                  .containsExactlyInAnyOrder("tokens:read", "reports:read");
            });
    runner
        .withPropertyValues(props)
        .run(
            context -> {
              assertThat(context)
                  .as("a restart: the file is there, nothing is created")
                  .hasNotFailed();
              assertThat(Files.readString(file).strip()).isEqualTo(token[0]);
              assertThat(
                      context.getBean(DzAuth.class).store().count("ops@example.test", "acme", true))
                  .isEqualTo(1);
            });
  }

  @Test
  void bootstrapPropertiesWhenBusinessIsMissingThenStartUpFailsNamingIt() {
    runner
        .withPropertyValues(
            "dz.auth.bootstrap.subject=ops@example.test",
            "dz.auth.bootstrap.token-file=" + dir.resolve("t"))
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("dz.auth.bootstrap.business");
              assertThat(dir.resolve("t")).doesNotExist();
            });
  }

  @Test
  void bootstrapPropertiesWhenTheFileExistsThenStartUpFailsAndTheFileStays() throws Exception {
    Path file = dir.resolve("taken");
    Files.writeString(file, "mine");
    runner
        .withPropertyValues(
            "dz.auth.bootstrap.subject=ops@example.test",
            "dz.auth.bootstrap.business=acme",
            "dz.auth.bootstrap.token-file=" + file)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("never overwrites");
              assertThat(Files.readString(file)).isEqualTo("mine");
            });
  }
}
