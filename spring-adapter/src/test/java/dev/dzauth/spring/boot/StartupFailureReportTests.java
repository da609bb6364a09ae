package dev.dzauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A bad property or key file stops the application with one report naming it, no stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  private static void start(String... properties) {
    String[] args = new String[properties.length + 2];
    args[0] = "--spring.main.web-application-type=none";
    args[1] = "--dz.auth.issuer=https://startup.test";
    for (int i = 0; i < properties.length; i++) {
      args[i + 2] = "--" + properties[i];
    }
    SpringApplication.run(App.class, args).close();
  }

  @Test
  void aBadDurationIsOneReportNamingThePropertyAsWritten(CapturedOutput output) {
    assertThatThrownBy(() -> start("dz.auth.clock-skew=10m")).isNotNull();

    String report =
        output.getAll().substring(output.getAll().indexOf("APPLICATION FAILED TO START"));
    assertThat(report)
        .contains("dz-auth could not start: dz.auth.clock-skew:")
        .contains("Correct dz.auth.clock-skew");
    assertThat(output.getAll()).as("no stack trace anywhere").doesNotContain("\tat ");
  }

  @Test
  void aKeyFileWithBadContentIsOneReport(CapturedOutput output, @TempDir Path dir)
      throws Exception {
    Path keys =
        Files.writeString(dir.resolve("keys.json"), "{\"keys\": [{\"kty\": \"nonsense\"}]}");

    assertThatThrownBy(() -> start("dz.auth.keys.location=file:" + keys)).isNotNull();

    String all = output.getAll();
    assertThat(all).contains("APPLICATION FAILED TO START");
    String report = all.substring(all.indexOf("APPLICATION FAILED TO START"));
    assertThat(report).contains("dz.auth.keys.location:").contains("holds no usable keys");
    assertThat(all).as("no stack trace anywhere").doesNotContain("\tat ");
    assertThat(report.lines().count()).isLessThan(15);
  }
}
