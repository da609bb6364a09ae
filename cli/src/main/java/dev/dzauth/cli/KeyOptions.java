package dev.dzauth.cli;

import dev.dzauth.DzAuthException;
import dev.dzauth.cli.CliException.Exit;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The keys and the issuer, as the application that verifies the tokens has them. */
final class KeyOptions {

  @Option(
      names = "--keys",
      required = true,
      paramLabel = "FILE",
      description = "The application's key set: a JWK Set file (from keygen) or a PEM key file.")
  Path keys = Path.of("keys.json");

  @Option(
      names = "--kid",
      paramLabel = "KID",
      description = "The signing key's id in FILE (default: the set's only private key).")
  @Nullable String kid;

  @Option(
      names = "--issuer",
      required = true,
      defaultValue = "${env:DZ_ISSUER}",
      paramLabel = "URL",
      description =
          "The issuer the application verifies, e.g. https://auth.example.com (default:"
              + " $DZ_ISSUER).")
  String issuer = "";

  KeySetHolder load() {
    try {
      return KeySetHolder.of(KeySet.load(keys, kid));
    } catch (NoSuchFileException e) {
      throw new CliException(
          Exit.UNAVAILABLE,
          "no key file " + keys + ": make one with `dz-auth keygen --out " + keys + "`");
    } catch (IOException e) {
      throw new CliException(Exit.UNAVAILABLE, "cannot read " + keys + ": " + e.getMessage());
    } catch (DzAuthException | IllegalArgumentException e) {
      throw new CliException(
          Exit.UNAVAILABLE, keys + " is not a usable key set: " + e.getMessage());
    }
  }
}
