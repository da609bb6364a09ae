package dev.dzauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.ListQuery;
import dev.dzauth.lifecycle.TokenPage;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.SortField;
import dev.dzauth.testing.ScratchDatabase;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
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
import org.junit.jupiter.api.TestInstance;

/**
 * Keyset pages cost the same at any depth: 20,000 tokens of one owner (among 20,000 of others), the
 * first page against one 19,000 rows deep. Prints the timings; asserts only on the query plan (the
 * sort's index, read from the position on), never on time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PageDepthContract {

  static final int ROWS = 20_000;
  private ScratchDatabase db;
  private JdbcTokenStore store;
  private StatusCache statuses;
  private TokenService service;
  private static final Caller OWNER = new Caller("deep", "biz", Set.of("tokens:read"));

  @BeforeAll
  final void fill() throws Exception {
    db = open();
    store = JdbcTokenStore.builder(db.dataSource()).createSchemaIfMissing(true).build();
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String sql : fillSql()) {
        s.execute(sql);
      }
    }
    statuses = StatusCache.builder(store).build();
    KeySetHolder ring =
        KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "k")));
    service =
        TokenService.builder(TokenMinter.builder("iss", ring).build(), store, statuses).build();
  }

  @AfterAll
  final void drop() {
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
      TokenPage page =
          service.list(OWNER, new ListQuery(false, null, 100, false, false, sort, true));
      while (depth < 19_000 - 100) {
        depth += page.items().size();
        page =
            service.list(
                OWNER, new ListQuery(false, page.nextCursor(), 100, false, false, sort, true));
      }
      depth += page.items().size();
      // A cursor of a 100-row query is bound to that query only by its filters and sort: reuse it.
      deepCursor = page.nextCursor();
      ListQuery deep = new ListQuery(false, deepCursor, 50, false, false, sort, true);
      assertThat(service.list(OWNER, deep).items()).hasSize(50);

      double firstMs = medianMillis(() -> service.list(OWNER, first));
      double deepMs = medianMillis(() -> service.list(OWNER, deep));
      System.out.printf(
          "[dz-auth] %s page of 50 by %s desc, %d rows of the owner: first page"
              + " %.2f ms, page after row %d %.2f ms (median of 51)%n",
          database(), sort.apiValue(), ROWS, firstMs, depth, deepMs);
    }
  }

  @Test
  void everyKeysetPageReadsTheSortsIndexFromThePosition() throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      for (SortField sort : SortField.values()) {
        for (boolean descending : new boolean[] {true, false}) {
          try (PreparedStatement ps =
              c.prepareStatement(planPrefix() + store.pageSqlForTests(sort, descending))) {
            int i = 1;
            ps.setString(i++, "deep");
            ps.setString(i++, "biz");
            for (int k = 0; k < store.dialect().keysetKeyParameters(); k++) {
              if (sort == SortField.NAME) {
                ps.setString(i++, "token-500");
              } else {
                ps.setLong(i++, 1700000000000000L + 10_000L * 1_000_000L);
              }
            }
            ps.setString(i++, "8");
            ps.setInt(i, 51);
            List<String> plan = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              int columns = rs.getMetaData().getColumnCount();
              while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int col = 1; col <= columns; col++) {
                  row.append(rs.getMetaData().getColumnLabel(col))
                      .append('=')
                      .append(rs.getString(col))
                      .append(' ');
                }
                plan.add(row.toString());
              }
            }
            assertPlan(sort + (descending ? " desc" : " asc"), plan);
          }
        }
      }
    }
  }

  /** The database's name, for the printed timings. */
  abstract String database();

  /** A scratch database. */
  abstract ScratchDatabase open();

  /** Statements that insert {@link #ROWS} rows of owner ("deep", "biz") and as many of others. */
  abstract List<String> fillSql();

  /** What goes before a page query to see its plan. */
  abstract String planPrefix();

  /** Checks the plan rows of one page query. */
  abstract void assertPlan(String what, List<String> plan);

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
