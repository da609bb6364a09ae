package dev.dzauth.cli;

import dev.dzauth.cli.CliException.Exit;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "keygen",
    description =
        "Make a signing key and write it as a JWK Set file created 0600 (the private key set the"
            + " application loads), and for asymmetric keys its public JWK Set beside it.")
final class KeygenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--alg",
      defaultValue = "ES256",
      paramLabel = "ALG",
      description = "ES256, EdDSA, RS256 or HS256 (default: ${DEFAULT-VALUE}).")
  String algorithm = "ES256";

  @Option(
      names = "--kid",
      paramLabel = "KID",
      description = "The key id (default: the algorithm and today's date, e.g. es256-2026-12-01).")
  @Nullable String kid;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The private JWK Set to write (mode 0600).")
  Path out;

  @Option(
      names = "--public-out",
      paramLabel = "FILE",
      description =
          "The public JWK Set to write (default: FILE with .public.json; none for HS256).")
  @Nullable Path publicOut;

  @Option(names = "--force", description = "Replace existing files.")
  boolean force;

  KeygenCommand() {
    this.spec = CommandSpec.create();
    this.out = Path.of("keys.json");
  }

  @Override
  public Integer call() {
    SignatureAlgorithm alg = algorithm(algorithm);
    String id =
        kid != null
            ? kid
            : alg.jwsName().toLowerCase(java.util.Locale.ROOT)
                + "-"
                + LocalDate.now(ZoneOffset.UTC);
    KeySet keys = KeySet.of(TokenKey.generate(alg, id));
    PrintWriter err = spec.commandLine().getErr();
    try {
      SecretFiles.write(out, keys.toJwkSetJson(), force);
      err.println(
          "wrote " + out + " (private key set, mode 0600), kid " + id + ", " + alg.jwsName());
      if (alg != SignatureAlgorithm.HS256) {
        Path pub = publicOut != null ? publicOut : publicPathOf(out);
        SecretFiles.writePublic(pub, keys.toPublicJwkSetJson(), force);
        err.println("wrote " + pub + " (public JWK Set: give it to services that only verify)");
      }
    } catch (FileAlreadyExistsException e) {
      throw new CliException(
          Exit.UNAVAILABLE,
          e.getFile() + " exists: choose another --out or pass --force to replace it");
    } catch (IOException e) {
      throw new CliException(Exit.UNAVAILABLE, "cannot write " + out + ": " + e.getMessage());
    }
    return Exit.OK.code;
  }

  static SignatureAlgorithm algorithm(String name) {
    for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
      if (a.jwsName().equalsIgnoreCase(name)) {
        return a;
      }
    }
    throw new CliException(
        Exit.USAGE, "unknown --alg " + name + ": use ES256, EdDSA, RS256 or HS256");
  }

  static Path publicPathOf(Path file) {
    String name = file.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return file.resolveSibling(base + ".public.json");
  }
}
