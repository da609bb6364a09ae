package dev.dzauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.Databases.Server;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The way to the first token in production: keys and a token made by the tool in a real PostgreSQL
 * database are what the application's verifier accepts, and a revoke by the tool is what it then
 * refuses.
 */
@RequiresDatabase(Server.POSTGRESQL)
class DzAuthCliPostgresIT {

  private static final java.net.URI ADMIN =
      java.net.URI.create(Server.POSTGRESQL.url().substring("jdbc:".length()));
  private static ScratchDatabase db;

  @TempDir Path dir;

  @BeforeAll
  static void database() {
    db = Databases.postgres();
  }

  @AfterAll
  static void drop() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aTokenMintedByTheToolVerifiesInTheApplicationUntilTheToolRevokesIt() throws Exception {
    Path keys = dir.resolve("keys.json");
    assertThat(CliRun.of("keygen", "--alg", "EdDSA", "--out", keys.toString()).exit()).isZero();
    String[] store = {
      "--jdbc-url",
      db.jdbcUrl(ADMIN.getHost(), ADMIN.getPort()),
      "--jdbc-user",
      Server.POSTGRESQL.user(),
      "--jdbc-password=" + Server.POSTGRESQL.password()
    };

    CliRun minted =
        CliRun.of(
            concat(
                new String[] {
                  "mint",
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
                  "bootstrap",
                  "--scope",
                  "tokens:read",
                  "--scope",
                  "tokens:write"
                },
                store));
    assertThat(minted.exit()).as(minted.err()).isZero();
    String token = minted.out().strip();

    // The application: its own pool, store, cache and verifier over the same database and keys.
    try (JdbcTokenStore appStore = JdbcTokenStore.builder(db.dataSource()).build();
        StatusCache statuses = StatusCache.builder(appStore).build()) {
      TokenVerifier verifier =
          TokenVerifier.builder(
                  "https://auth.test", KeySetHolder.of(KeySet.load(keys, null)), statuses)
              .build();
      VerifiedToken who = verifier.verify(token);
      assertThat(who.subject()).isEqualTo("admin");
      assertThat(who.businessId()).isEqualTo("acme");
      assertThat(who.scopes()).containsExactlyInAnyOrder("tokens:read", "tokens:write");

      CliRun revoked =
          CliRun.of(
              concat(
                  new String[] {
                    "revoke",
                    "--subject",
                    "admin",
                    "--business",
                    "acme",
                    "--reason",
                    "bootstrap done",
                    who.tokenId()
                  },
                  store));
      assertThat(revoked.exit()).as(revoked.err()).isZero();

      statuses.invalidateAll(); // this test's application has no feed poller: read the store again
      DzAuthException e = catchThrowableOfType(DzAuthException.class, () -> verifier.verify(token));
      assertThat(e.reason()).isEqualTo(Reason.REVOKED);
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
