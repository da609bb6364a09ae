package dev.dzauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.ListQuery;
import dev.dzauth.lifecycle.SortField;
import dev.dzauth.lifecycle.TokenPage;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.ScratchDatabase;
import dev.dzauth.token.KeyRing;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keyset pages on PostgreSQL cost the same at any depth: 20,000 tokens of one owner (among 20,000
 * of others), the first page against one 19,000 rows deep. Prints the timings; asserts only on the
 * query plan (an index scan, no sort), never on time.
 */
final class PostgresPageDepthIT {

  private static final int ROWS = 20_000;
  private static ScratchDatabase db;
  private static JdbcTokenStore store;
  private static StatusCache statuses;
  private static TokenService service;
  private static final Caller OWNER = new Caller("deep", "biz", Set.of("tokens:read"));

  @BeforeAll
  static void fill() throws Exception {
    db = Databases.postgres();
    store = JdbcTokenStore.builder(db.dataSource()).createSchemaIfMissing(true).build();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO dz_tokens (id, jti, name, description, token_prefix, subject, business_id,"
          + " scopes, created_by, created_at, updated_at, expires_at, last_used_at, state)"
          + " SELECT md5('id' || g)::uuid::text, md5('jti' || g)::uuid::text, 'token-' || (g % 997),"
          + " NULL, 'dz_' || substr(md5('p' || g), 1, 12),"
          + " CASE WHEN g <= " + ROWS + " THEN 'deep' ELSE 'other-' || (g % 50) END, 'biz',"
          + " 'tokens:read', 'deep', 1700000000000000 + g * 1000000, 1700000000000000 + g * 1000000,"
          + " CASE WHEN g % 4 = 0 THEN 253402300799000000 ELSE 1800000000000000 + (g % 365) * 86400000000 END,"
          + " CASE WHEN g % 3 = 0 THEN 1750000000000000 + g ELSE 0 END, 'ACTIVE'"
          + " FROM generate_series(1::bigint, " + (2 * ROWS) + ") AS g");
      s.execute("ANALYZE dz_tokens");
    }
    statuses = StatusCache.builder(store).build();
    KeyRing ring = KeyRing.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "k")));
    service = TokenService.builder(TokenMinter.builder("iss", ring).build(), store, statuses).build();
  }

  @AfterAll
  static void drop() {
    if (service != null) {
      service.close();
      statuses.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void deepPagesCostWhatTheFirstPageCosts() {
    for (SortField sort : List.of(SortField.CREATED_AT, SortField.NAME, SortField.LAST_USED_AT)) {
      ListQuery first = new ListQuery(false, null, 50, false, false, sort, true);
      String deepCursor = null;
      int depth = 0;
      TokenPage page = service.list(OWNER, new ListQuery(false, null, 100, false, false, sort, true));
      while (depth < 19_000 - 100) {
        depth += page.items().size();
        page = service.list(OWNER, new ListQuery(false, page.nextCursor(), 100, false, false, sort, true));
      }
      depth += page.items().size();
      // A cursor of a 100-row query is bound to that query only by its filters and sort: reuse it.
      deepCursor = page.nextCursor();
      ListQuery deep = new ListQuery(false, deepCursor, 50, false, false, sort, true);
      assertThat(service.list(OWNER, deep).items()).hasSize(50);

      double firstMs = medianMillis(() -> service.list(OWNER, first));
      double deepMs = medianMillis(() -> service.list(OWNER, deep));
      System.out.printf("[dz-auth] PostgreSQL page of 50 by %s desc, %d rows of the owner: first page"
          + " %.2f ms, page after row %d %.2f ms (median of 51)%n", sort.apiValue(), ROWS, firstMs,
          depth, deepMs);
    }
  }

  @Test
  void everyKeysetPageIsAnIndexScanWithoutSort() throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      for (SortField sort : SortField.values()) {
        for (boolean descending : new boolean[] {true, false}) {
          String plan = explain(c, store.pageSqlForTests(sort, descending), sort);
          assertThat(plan).as(sort + " " + descending + ":\n" + plan)
              .contains("Index Scan").contains("dz_tokens_by_").doesNotContain("Sort").doesNotContain("Seq Scan");
        }
      }
    }
  }

  private static String explain(Connection c, String sql, SortField sort) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
      ps.setString(1, "deep");
      ps.setString(2, "biz");
      if (sort == SortField.NAME) {
        ps.setString(3, "token-500");
      } else {
        ps.setLong(3, 1700000000000000L + 10_000L * 1_000_000L);
      }
      ps.setString(4, "8");
      ps.setInt(5, 51);
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      return plan.toString();
    }
  }

  private static double medianMillis(Runnable r) {
    for (int i = 0; i < 10; i++) {
      r.run();
    }
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      long t = System.nanoTime();
      r.run();
      nanos.add(System.nanoTime() - t);
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }
}
