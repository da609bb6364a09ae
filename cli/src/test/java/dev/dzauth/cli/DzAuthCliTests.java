package dev.dzauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.token.KeySet;
import dev.dzauth.token.TokenFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The commands end to end against an embedded H2 store, as an operator runs them. */
class DzAuthCliTests {

  @TempDir Path dir;
  private String[] store;
  private Path keys;

  @BeforeEach
  void setUp() {
    store =
        new String[] {"--jdbc-url", "jdbc:h2:mem:cli-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"};
    keys = dir.resolve("keys.json");
    assertThat(CliRun.of("keygen", "--out", keys.toString()).exit()).isZero();
  }

  private CliRun mint(String... more) {
    String[] base = {
      "mint",
      store[0],
      store[1],
      "--create-schema",
      "--keys",
      keys.toString(),
      "--issuer",
      "https://auth.test",
      "--subject",
      "admin",
      "--business",
      "acme",
      "--name",
      "bootstrap"
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return CliRun.of(all);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ES256", "EdDSA", "RS256", "HS256", "es256"})
  void keygenWritesAPrivateJwkSetOnlyTheOwnerCanReadAndThePublicSetBesideIt(String alg)
      throws Exception {
    Path out = dir.resolve(alg + ".json");
    CliRun run = CliRun.of("keygen", "--alg", alg, "--kid", "k-" + alg, "--out", out.toString());

    assertThat(run.exit()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
        .isEqualTo("rw-------");
    KeySet set = KeySet.load(out, "k-" + alg);
    assertThat(set.activeKey()).isPresent();
    Path pub = dir.resolve(alg + ".public.json");
    if (alg.equals("HS256")) {
      assertThat(pub).doesNotExist(); // a secret key has no public half
    } else {
      assertThat(Files.readString(pub)).doesNotContain("\"d\"");
      assertThat(KeySet.load(pub, null).activeKey()).isEmpty();
    }
  }

  @Test
  void keygenNeverOverwritesAKeyFileUnlessForced() throws Exception {
    String before = Files.readString(keys);
    CliRun again = CliRun.of("keygen", "--out", keys.toString());
    assertThat(again.exit()).isEqualTo(3);
    assertThat(again.err()).contains("exists").contains("--force");
    assertThat(Files.readString(keys)).isEqualTo(before);

    assertThat(CliRun.of("keygen", "--out", keys.toString(), "--force").exit()).isZero();
    assertThat(Files.readString(keys)).isNotEqualTo(before);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)))
        .isEqualTo("rw-------");
  }

  @Test
  void mintPrintsTheTokenAloneOnStandardOutputAndListShowsItWithoutIt() {
    CliRun minted = mint("--scope", "tokens:read,tokens:write");

    assertThat(minted.exit()).isZero();
    String token = minted.out().strip();
    assertThat(token).startsWith(TokenFormat.PREFIX).doesNotContain("\n");
    assertThat(minted.err()).contains("shown only this once").doesNotContain(token);

    CliRun list = CliRun.of("list", store[0], store[1], "--subject", "admin", "--business", "acme");
    assertThat(list.exit()).isZero();
    assertThat(list.out())
        .contains("bootstrap")
        .contains(TokenFormat.displayPrefix(token))
        .contains("active")
        .doesNotContain(token);
  }

  @Test
  void revokeThenListShowsItRevokedAndAnotherBusinessCannotTouchIt() {
    mint("--scope", "tokens:read");
    String id =
        CliRun.of("list", store[0], store[1], "--subject", "admin", "--business", "acme")
            .out()
            .lines()
            .skip(1)
            .findFirst()
            .orElseThrow()
            .split("\\s+")[0];

    CliRun foreign =
        CliRun.of("revoke", store[0], store[1], "--subject", "admin", "--business", "other", id);
    assertThat(foreign.exit()).isEqualTo(1);
    assertThat(foreign.err()).contains("not_found");

    assertThat(
            CliRun.of(
                    "revoke",
                    store[0],
                    store[1],
                    "--subject",
                    "admin",
                    "--business",
                    "acme",
                    "--reason",
                    "rotated",
                    id)
                .exit())
        .isZero();
    assertThat(
            CliRun.of("list", store[0], store[1], "--subject", "admin", "--business", "acme").out())
        .doesNotContain(id);
    assertThat(
            CliRun.of(
                    "list",
                    store[0],
                    store[1],
                    "--subject",
                    "admin",
                    "--business",
                    "acme",
                    "--include-revoked")
                .out())
        .contains(id)
        .contains("revoked");
  }

  @Test
  void inspectDecodesWithoutAKeyAndVerifiesWithTheStoreWhenGiven() throws Exception {
    String token = mint("--scope", "tokens:read").out().strip();
    Path pub = dir.resolve("keys.public.json");

    CliRun decoded = CliRun.of("inspect", token);
    assertThat(decoded.exit()).isZero();
    assertThat(decoded.out())
        .contains("subject:        admin")
        .contains("business:       acme")
        .contains(TokenFormat.displayPrefix(token))
        .contains("verified:       no (pass --jwks")
        .doesNotContain(token);

    CliRun verified =
        CliRun.of(
            "inspect",
            "--jwks",
            pub.toString(),
            "--issuer",
            "https://auth.test",
            store[0],
            store[1],
            token);
    assertThat(verified.exit()).isZero();
    assertThat(verified.out())
        .contains("verified:       yes")
        .contains("status in the store: active");

    CliRun wrongIssuer =
        CliRun.of("inspect", "--jwks", pub.toString(), "--issuer", "https://other", token);
    assertThat(wrongIssuer.exit()).isEqualTo(1);
    assertThat(wrongIssuer.out()).contains("wrong_issuer");

    String tampered =
        token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    CliRun forged = CliRun.of("inspect", "--jwks", pub.toString(), tampered);
    assertThat(forged.exit()).isEqualTo(1);
    assertThat(forged.out()).contains("verified:       no");
  }

  @Test
  void errorsSayWhatToDoWithTheirExitCode() {
    CliRun noKeys =
        CliRun.of(
            "mint",
            store[0],
            store[1],
            "--keys",
            dir.resolve("none.json").toString(),
            "--issuer",
            "i",
            "--subject",
            "s",
            "--business",
            "b",
            "--name",
            "n",
            "--scope",
            "x");
    assertThat(noKeys.exit()).isEqualTo(3);
    assertThat(noKeys.err()).contains("dz-auth keygen --out");

    CliRun noDb =
        CliRun.of(
            "mint",
            "--jdbc-url",
            "jdbc:postgresql://127.0.0.1:1/none",
            "--keys",
            keys.toString(),
            "--issuer",
            "i",
            "--subject",
            "s",
            "--business",
            "b",
            "--name",
            "n",
            "--scope",
            "x");
    assertThat(noDb.exit()).isEqualTo(3);
    assertThat(noDb.err()).contains("cannot connect").contains("--jdbc-url");

    CliRun noSchema =
        CliRun.of(
            "mint",
            "--jdbc-url",
            "jdbc:h2:mem:empty-" + UUID.randomUUID(),
            "--keys",
            keys.toString(),
            "--issuer",
            "i",
            "--subject",
            "s",
            "--business",
            "b",
            "--name",
            "n",
            "--scope",
            "x");
    assertThat(noSchema.exit()).isEqualTo(3);
    assertThat(noSchema.err()).contains("--create-schema");

    CliRun badName =
        CliRun.of(
            "mint",
            store[0],
            store[1],
            "--create-schema",
            "--keys",
            keys.toString(),
            "--issuer",
            "i",
            "--subject",
            "s",
            "--business",
            "b",
            "--name",
            "",
            "--scope",
            "x");
    assertThat(badName.exit()).isEqualTo(2);
    assertThat(badName.err()).contains("name: String should have at least 1 character");

    CliRun noScope = mint();
    assertThat(noScope.exit()).isEqualTo(2);
    assertThat(noScope.err()).contains("--scope");

    CliRun badAlg = CliRun.of("keygen", "--alg", "none", "--out", dir.resolve("x.json").toString());
    assertThat(badAlg.exit()).isEqualTo(2);
    assertThat(badAlg.err()).contains("ES256, EdDSA, RS256 or HS256");

    CliRun notAToken = CliRun.of("inspect", "eyJhbGciOiJub25lIn0.e30.");
    assertThat(notAToken.exit()).isEqualTo(1);
    assertThat(notAToken.err()).contains("not a dz_ token");
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    CliRun help = CliRun.of("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains("keygen", "mint", "list", "revoke", "inspect", "Exit codes", "3   a file");
  }
}
