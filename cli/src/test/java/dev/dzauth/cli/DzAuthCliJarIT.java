package dev.dzauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executable jar the build makes, run as an operator runs it: {@code java -jar}. */
class DzAuthCliJarIT {

  private static final Path JAR = Path.of("target", "dz-auth-cli.jar");

  @TempDir Path dir;

  record Result(int exit, String out, String err) {}

  private Result java(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
    return new Result(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void keygenMintAndInspectFromTheJarWithAnEmbeddedStore() throws Exception {
    assertThat(JAR).exists();
    Result keygen = java("", "keygen", "--out", "keys.json");
    assertThat(keygen.exit()).as(keygen.err()).isZero();
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys.json"))))
        .isEqualTo("rw-------");

    String db = "jdbc:h2:file:" + dir.resolve("tokens-" + UUID.randomUUID());
    Result mint =
        java(
            "",
            "mint",
            "--jdbc-url",
            db,
            "--create-schema",
            "--keys",
            "keys.json",
            "--issuer",
            "https://auth.test",
            "--subject",
            "admin",
            "--business",
            "acme",
            "--name",
            "bootstrap",
            "--scope",
            "tokens:read");
    assertThat(mint.exit()).as(mint.err()).isZero();
    String token = mint.out().strip();
    assertThat(token).startsWith("dz_");
    assertThat(mint.err()).doesNotContain(token).doesNotContain("INFO");

    Result inspect =
        java(
            token + "\n",
            "inspect",
            "--jwks",
            "keys.public.json",
            "--issuer",
            "https://auth.test",
            "--jdbc-url",
            db);
    assertThat(inspect.exit()).as(inspect.err()).isZero();
    assertThat(inspect.out())
        .contains("verified:       yes")
        .contains("status in the store: active");

    Result usage = java("", "mint", "--keys", "keys.json");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err()).contains("Missing required options");
  }
}
