package dev.dzauth.spring.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * The real PostgreSQL of the build machine (127.0.0.1:5432, user {@code postgres}, database {@code
 * test}; {@code DZ_TEST_PG_URL}, {@code DZ_TEST_PG_USER}, {@code DZ_TEST_PG_PASSWORD} override), as
 * core's {@code Databases} sees it. Test classes declare
 * {@code @RequiresDatabase(Databases.Server.POSTGRESQL)}: absent, they are skipped with a message,
 * except with {@code CI=true}, where they fail.
 */
public final class Postgres {

  public static final String URL = env("DZ_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  public static final String USER = env("DZ_TEST_PG_USER", "postgres");
  public static final String PASSWORD = env("DZ_TEST_PG_PASSWORD", "");

  private Postgres() {}

  /** Drops the tables a test created with {@code prefix} (best effort). */
  public static void dropTables(String prefix) {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        java.sql.Statement s = c.createStatement()) {
      for (String table : new String[] {"status_feed", "feed_seq", "tokens"}) {
        s.execute("DROP TABLE IF EXISTS " + prefix + table);
      }
    } catch (SQLException e) {
      System.err.println("could not drop " + prefix + "* tables: " + e.getMessage());
    }
  }

  /**
   * Points the application at the real PostgreSQL, with the JDBC store's tables under {@code
   * prefix}.
   */
  public static void register(
      org.springframework.test.context.DynamicPropertyRegistry registry, String prefix) {
    registry.add("spring.datasource.url", () -> URL);
    registry.add("spring.datasource.username", () -> USER);
    registry.add("spring.datasource.password", () -> PASSWORD);
    registry.add("dz.auth.store.table-prefix", () -> prefix);
  }

  /** A table prefix no other run uses. */
  public static String uniquePrefix() {
    return "dzs_"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT)
        + "_";
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
