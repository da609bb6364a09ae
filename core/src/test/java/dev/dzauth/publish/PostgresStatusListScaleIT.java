package dev.dzauth.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.publish.StatusListPublisher.Published;
import dev.dzauth.status.MutableStatusList;
import dev.dzauth.status.StatusList;
import dev.dzauth.status.StatusListIndex;
import dev.dzauth.store.jdbc.JdbcStatusListIndex;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.StatusListToken;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The figures of status lists for 1,000,000 tokens on the real PostgreSQL, printed: list sizes (raw
 * and compressed), the time to build every list from the store, and the time to apply 10,000
 * changes from the feed. The tokens, entries and changes are loaded with set-based SQL in the
 * store's own encoding (signing a million tokens would take minutes and measure nothing of this),
 * without the listing indexes, which play no part here.
 */
@RequiresDatabase(Databases.Server.POSTGRESQL)
final class PostgresStatusListScaleIT {

  private static final int TOKENS = 1_000_000;
  private static final int LIST_SIZE = StatusListIndex.DEFAULT_LIST_SIZE;
  private static final int REVOKED_BEFORE = 10_000; // 1 %: looked up when a list is built
  private static final int CHANGES = 10_000;

  @Test
  void aMillionTokens() throws Exception {
    printCodecFigures();
    try (ScratchDatabase db = Databases.postgres()) {
      JdbcTokenStore store =
          JdbcTokenStore.builder(db.dataSource()).createSchemaIfMissing(true).build();
      JdbcStatusListIndex index =
          JdbcStatusListIndex.builder(store)
              .listSize(LIST_SIZE)
              .createSchemaIfMissing(true)
              .build();
      long loadStarted = System.nanoTime();
      load(db, REVOKED_BEFORE);
      long loadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStarted);
      assertThat(index.lists()).hasSize(TOKENS / LIST_SIZE);

      KeySetHolder keys = KeySetHolder.of(KeySet.of(TestKeys.es256()));
      try (StatusListPublisher publisher =
          StatusListPublisher.builder(index, store, keys, "https://auth.example.com/statuslists")
              .pollInterval(java.time.Duration.ofMinutes(1))
              .maxLag(java.time.Duration.ofMinutes(10))
              .build()) {
        publisher.pollOnce(); // and no other poll: the one after the changes is measured
        long buildStarted = System.nanoTime();
        long raw = 0;
        long compressed = 0;
        long jwtChars = 0;
        for (int list = 1; list <= TOKENS / LIST_SIZE; list++) {
          Published p = publisher.published(list).orElseThrow();
          raw += p.bytes();
          jwtChars += p.jwt().length();
        }
        long buildMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - buildStarted);
        for (int list = 1; list <= TOKENS / LIST_SIZE; list++) {
          compressed += lstBytes(publisher.published(list).orElseThrow(), list, keys);
        }

        changes(db, REVOKED_BEFORE, CHANGES);
        long applyStarted = System.nanoTime();
        assertThat(publisher.pollOnce()).isTrue();
        long applyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - applyStarted);
        long signStarted = System.nanoTime();
        long compressedAfter = 0;
        long jwtAfter = 0;
        for (int list = 1; list <= TOKENS / LIST_SIZE; list++) {
          Published p = publisher.published(list).orElseThrow();
          jwtAfter += p.jwt().length();
          compressedAfter += lstBytes(p, list, keys);
        }
        long signMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signStarted);
        int revoked = 0;
        for (int list = 1; list <= TOKENS / LIST_SIZE; list++) {
          StatusList l = verified(publisher.published(list).orElseThrow(), list, keys);
          for (int i = 0; i < l.size(); i++) {
            revoked += l.get(i) == 1 ? 1 : 0;
          }
        }
        assertThat(revoked).isEqualTo(REVOKED_BEFORE + CHANGES);

        System.out.printf(
            "status lists, 1,000,000 tokens on PostgreSQL: %d lists of %,d%n"
                + "  load (SQL, not measured as dz-auth): %,d ms%n"
                + "  raw: %,d bytes in all (%,d per list)%n"
                + "  with %,d revoked (1%%): lst %,d bytes compressed in all, Status List Tokens"
                + " %,d characters in all%n"
                + "  build every list from the store (first requests): %,d ms%n"
                + "  apply %,d changes from the feed (one poll): %,d ms%n"
                + "  with %,d revoked (2%%): lst %,d bytes compressed, tokens %,d characters;"
                + " signing all %d lists again: %,d ms%n",
            TOKENS / LIST_SIZE,
            LIST_SIZE,
            loadMillis,
            raw,
            raw / (TOKENS / LIST_SIZE),
            REVOKED_BEFORE,
            compressed,
            jwtChars,
            buildMillis,
            CHANGES,
            applyMillis,
            REVOKED_BEFORE + CHANGES,
            compressedAfter,
            jwtAfter,
            TOKENS / LIST_SIZE,
            signMillis);
      }
    }
  }

  private static StatusList verified(Published p, int list, KeySetHolder keys) {
    return StatusListToken.verifier()
        .build()
        .verify(
            p.jwt(),
            "https://auth.example.com/statuslists/" + list,
            KeySet.parseJwkSet(keys.current().toPublicJwkSetJson(), null))
        .statusList();
  }

  /** The compressed size of a list: its {@code lst} decoded from base64url. */
  private static long lstBytes(Published p, int list, KeySetHolder keys) {
    return verified(p, list, keys).encode().length() * 3L / 4;
  }

  /** Sizes of one list of 100,000 at several revoked fractions, from the codec alone. */
  private static void printCodecFigures() {
    Random random = new Random(42);
    StringBuilder out =
        new StringBuilder("status list of 100,000 entries, 2 bits: 25,000 bytes raw");
    for (double fraction : new double[] {0, 0.001, 0.01, 0.1, 0.5}) {
      MutableStatusList list = new MutableStatusList(2, LIST_SIZE);
      int n = (int) (LIST_SIZE * fraction);
      for (int i = 0; i < n; i++) {
        list.set(random.nextInt(LIST_SIZE), 1);
      }
      out.append(
          String.format(
              "; %s%% invalid: %,d bytes compressed",
              fraction * 100, list.encode().length() * 3 / 4));
    }
    System.out.println(out);
  }

  /**
   * One million active tokens (business {@code b<g % 100>}, subject {@code u<g % 1000>}) and their
   * entries in 10 full lists, then {@code revoked} of them revoked with their feed entries.
   */
  private static void load(ScratchDatabase db, int revoked) throws Exception {
    long now = micros(Instant.now());
    long never = 253402300799000000L;
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(600);
      s.execute("SET synchronous_commit = off");
      // The listing indexes play no part here; without them the load takes a third of the time.
      for (String i : new String[] {"created", "name", "expires", "last_used", "business"}) {
        s.execute("DROP INDEX IF EXISTS dz_tokens_by_" + i);
      }
      s.execute(
          "INSERT INTO dz_tokens (id, jti, name, token_prefix, subject, business_id, scopes,"
              + " created_by, created_at, updated_at, expires_at, last_used_at, state,"
              + " status_version, created_seq) SELECT 'id-' || g, 'jti-' || g, 't', 'dz_x', 'u' ||"
              + " (g % 1000), 'b' || (g % 100), 'read', 'u', "
              + now
              + ", "
              + now
              + ", "
              + never
              + ", 0, 'ACTIVE', 0, 0 FROM generate_series(0, "
              + (TOKENS - 1)
              + ") g");
      s.execute(
          "INSERT INTO dz_status_list_entries (pos, jti, business_id, subject, allocated_at)"
              + " SELECT (g / "
              + LIST_SIZE
              + " + 1)::bigint * 4294967296 + g % "
              + LIST_SIZE
              + ", 'jti-' || g, 'b' || (g % 100), 'u' || (g % 1000), "
              + now
              + " FROM generate_series(0, "
              + (TOKENS - 1)
              + ") g");
      s.execute(
          "INSERT INTO dz_status_lists (list_no, list_size, created_at) SELECT n, "
              + LIST_SIZE
              + ", "
              + now
              + " FROM generate_series(1, "
              + TOKENS / LIST_SIZE
              + ") n");
      s.execute(
          "UPDATE dz_status_list_alloc SET list_no = "
              + TOKENS / LIST_SIZE
              + ", list_size = "
              + LIST_SIZE
              + ", next_idx = "
              + LIST_SIZE);
      s.execute("ANALYZE dz_tokens");
      s.execute("ANALYZE dz_status_list_entries");
    }
    changes(db, 0, revoked);
  }

  /**
   * Revokes the tokens {@code from} to {@code from + n - 1} in the order of the MD5 of their number
   * (spread at random over every list) with one feed entry each, in one transaction, as {@code
   * JdbcTokenStore.revoke} writes them.
   */
  private static void changes(ScratchDatabase db, int from, int n) throws Exception {
    long now = micros(Instant.now());
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setQueryTimeout(600);
        long base;
        try (var rs = s.executeQuery("SELECT seq FROM dz_feed_seq WHERE id = 1 FOR UPDATE")) {
          rs.next();
          base = rs.getLong(1);
        }
        // The tokens in the order of the MD5 of their number: a fixed, random-looking spread (an
        // arithmetic pattern would compress far better than real revocations do).
        String picked =
            "SELECT k, g FROM (SELECT row_number() OVER (ORDER BY md5(g::text)) - 1 AS k, g FROM"
                + " generate_series(0, "
                + (TOKENS - 1)
                + ") g) r WHERE k BETWEEN "
                + from
                + " AND "
                + (from + n - 1);
        s.execute(
            "UPDATE dz_tokens t SET state = 'REVOKED', revoked_at = "
                + now
                + ", status_version = "
                + (base - from + 1)
                + " + p.k FROM ("
                + picked
                + ") p WHERE t.id = 'id-' || p.g");
        s.execute(
            "INSERT INTO dz_status_feed (seq, jti, token_id, status, changed_at) SELECT "
                + (base - from + 1)
                + " + p.k, 'jti-' || p.g, 'id-' || p.g, 'REVOKED', "
                + now
                + " FROM ("
                + picked
                + ") p");
        try (PreparedStatement ps =
            c.prepareStatement("UPDATE dz_feed_seq SET seq = ? WHERE id = 1")) {
          ps.setLong(1, base + n);
          ps.executeUpdate();
        }
      }
      c.commit();
    }
  }

  private static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }
}
