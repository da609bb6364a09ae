package dev.dzauth.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.store.TokenRecord;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The real PostgreSQL of the {@code Pg*} benchmarks: a HikariCP pool and a {@link JdbcTokenStore}
 * on tables prefixed {@value #PREFIX} (created when missing, kept between runs so that the large
 * fixtures are inserted once; drop them with {@code benchmarks/pg-drop.sql}).
 *
 * <p>The database is {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}, unless
 * the environment sets {@code DZ_BENCH_JDBC_URL}, {@code DZ_BENCH_JDBC_USER} and {@code
 * DZ_BENCH_JDBC_PASSWORD}. The scripts skip these benchmarks when nothing listens there (unless
 * {@code CI=true}).
 */
final class Pg implements AutoCloseable {

  static final String PREFIX = "dzbench2_"; // 2: tokens.status_version (tables from before lack it)

  final HikariDataSource pool;
  final JdbcTokenStore store;

  Pg(int poolSize) {
    if (System.getProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(env("DZ_BENCH_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
    config.setUsername(env("DZ_BENCH_JDBC_USER", "postgres"));
    String password = System.getenv("DZ_BENCH_JDBC_PASSWORD");
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(poolSize);
    config.setConnectionTimeout(2_000);
    config.setPoolName("dz-bench");
    // Batched inserts become multi-row INSERTs (fixture loading only).
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    this.pool = new HikariDataSource(config);
    try {
      this.store =
          JdbcTokenStore.builder(pool).tablePrefix(PREFIX).createSchemaIfMissing(true).build();
    } catch (SQLException e) {
      pool.close();
      throw new IllegalStateException(
          "cannot open the benchmark tables on " + config.getJdbcUrl(), e);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** A record of {@code subject} as {@code TokenService.create} would store it, with fixed ids. */
  static TokenRecord record(String subject, String businessId, int i, Instant createdAt) {
    return new TokenRecord(
        subject + "-" + String.format("%08d", i),
        subject + "-jti-" + String.format("%08d", i),
        "token " + i,
        null,
        "dz_eyJhbGci",
        subject,
        businessId,
        Set.of("orders:read", "tokens:read"),
        subject,
        createdAt,
        createdAt,
        createdAt.plus(365, ChronoUnit.DAYS),
        null,
        TokenStatus.ACTIVE,
        0,
        null,
        null,
        null,
        0,
        null,
        null,
        null);
  }

  /**
   * Makes sure {@code subject} owns exactly {@code n} records (ids {@code <subject>-00000000} ...),
   * created one millisecond apart. The first record goes through {@link JdbcTokenStore#insert}; the
   * rest is one server-side {@code INSERT ... SELECT generate_series} in the same column encoding
   * (epoch microseconds, "never used" = 0), which loads 100,000 rows in seconds where 100,000
   * single-row inserts would take minutes. Kept between runs: a second run finds them.
   */
  void ensureRecords(String subject, String businessId, int n) throws Exception {
    if (store.count(subject, businessId, true) == n) {
      return;
    }
    Instant base = Instant.parse("2025-01-01T00:00:00Z");
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(600);
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM " + PREFIX + "tokens WHERE subject = ?")) {
        ps.setString(1, subject);
        ps.executeUpdate();
      }
    }
    store.insert(record(subject, businessId, 0, base), dev.dzauth.store.ChangeOrigin.none());
    if (n > 1) {
      long baseMicros = base.getEpochSecond() * 1_000_000L;
      long year = 365L * 24 * 3600 * 1_000_000L;
      String sql =
          "INSERT INTO "
              + PREFIX
              + "tokens (id, jti, name, description, token_prefix, subject, business_id, scopes,"
              + " created_by, created_at, updated_at, expires_at, last_used_at, state, revoked_at,"
              + " revoked_by, revocation_reason) SELECT ? || '-' || lpad(i::text, 8, '0'), ? ||"
              + " '-jti-' || lpad(i::text, 8, '0'), 'token ' || i, NULL, 'dz_eyJhbGci', ?, ?,"
              + " 'orders:read tokens:read', ?, ? + i * 1000, ? + i * 1000, ? + i * 1000 + ?, 0,"
              + " 'ACTIVE', NULL, NULL, NULL FROM generate_series(1, ?) AS i";
      try (Connection c = pool.getConnection();
          PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setQueryTimeout(600);
        ps.setString(1, subject);
        ps.setString(2, subject);
        ps.setString(3, subject);
        ps.setString(4, businessId);
        ps.setString(5, subject);
        ps.setLong(6, baseMicros);
        ps.setLong(7, baseMicros);
        ps.setLong(8, baseMicros);
        ps.setLong(9, year);
        ps.setInt(10, n - 1);
        ps.executeUpdate();
      }
      analyze();
    }
  }

  /**
   * Makes sure the status feed holds exactly {@code n} changes, sequences 1 to {@code n}, and
   * returns the last sequence. Loaded with one server-side insert; kept between runs.
   */
  long ensureFeed(int n) throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(600);
      long have;
      try (ResultSet rs =
          s.executeQuery("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM " + PREFIX + "status_feed")) {
        rs.next();
        have = rs.getLong(1);
      }
      if (have != n) {
        // The counter row stays in step, as revoke/transition would leave it.
        s.executeUpdate("DELETE FROM " + PREFIX + "status_feed");
        s.executeUpdate(
            "INSERT INTO "
                + PREFIX
                + "status_feed (seq, jti, token_id, status, changed_at) SELECT i, 'feed-jti-' ||"
                + " lpad(i::text, 8, '0'), 'feed-' || lpad(i::text, 8, '0'), CASE WHEN i % 3 = 0"
                + " THEN 'SUSPENDED' ELSE 'REVOKED' END, 1735689600000000 + i FROM"
                + " generate_series(1, "
                + n
                + ") AS i");
        s.executeUpdate("UPDATE " + PREFIX + "feed_seq SET seq = " + n + " WHERE id = 1");
        s.execute("ANALYZE " + PREFIX + "status_feed");
      }
      try (ResultSet rs = s.executeQuery("SELECT MAX(seq) FROM " + PREFIX + "status_feed")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void analyze() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(600);
      s.execute("ANALYZE " + PREFIX + "tokens");
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
