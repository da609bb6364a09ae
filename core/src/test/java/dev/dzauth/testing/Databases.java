package dev.dzauth.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The real servers integration tests run against: PostgreSQL, MariaDB and Redis on {@code
 * 127.0.0.1} (override with {@code DZ_TEST_PG_URL} / {@code DZ_TEST_MARIADB_URL} / {@code
 * DZ_TEST_REDIS_URL}, user and password with {@code ..._USER} / {@code ..._PASSWORD}).
 *
 * <p>When a server is unreachable, a test that needs it is skipped with a message naming the
 * server, except when the environment variable {@code CI} is {@code true}: then it fails loudly.
 * Each test class gets its own scratch schema (PostgreSQL) or database (MariaDB), dropped on {@link
 * ScratchDatabase#close()}, so parallel runs on one server do not collide.
 */
public final class Databases {

  /** A server. */
  public enum Server {
    POSTGRESQL("PostgreSQL", "DZ_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/test", "postgres"),
    MARIADB("MariaDB", "DZ_TEST_MARIADB", "jdbc:mariadb://127.0.0.1:3306/test", "root"),
    /** Redis (for the pub/sub doorbell); {@link #url()} is a {@code redis://} URI. */
    REDIS("Redis", "DZ_TEST_REDIS", "redis://127.0.0.1:6379", "");

    final String displayName;
    final String url;
    final String user;
    final String password;

    Server(String displayName, String env, String url, String user) {
      this.displayName = displayName;
      this.url = envOr(env + "_URL", url);
      this.user = envOr(env + "_USER", user);
      this.password = envOr(env + "_PASSWORD", "");
    }

    /** The administrative JDBC URL (database {@code test}); for Redis its {@code redis://} URI. */
    public String url() {
      return url;
    }

    /** The user of the administrative URL. */
    public String user() {
      return user;
    }

    /** Its password. */
    public String password() {
      return password;
    }
  }

  private Databases() {}

  /**
   * A fresh PostgreSQL schema, or a skipped (failed, in CI) test when the server is unreachable.
   */
  public static ScratchDatabase postgres() {
    return scratch(Server.POSTGRESQL);
  }

  /** A fresh MariaDB database, or a skipped (failed, in CI) test when the server is unreachable. */
  public static ScratchDatabase mariaDb() {
    return scratch(Server.MARIADB);
  }

  /**
   * The Redis server's {@code redis://host:port} URI, or a skipped (failed, in CI) test when it is
   * unreachable. Pub/sub channels are server-wide: give each test channels of its own.
   */
  public static URI redis() {
    requireReachable(Server.REDIS);
    return URI.create(Server.REDIS.url);
  }

  /**
   * Checks that {@code server} answers. Unreachable: fails when {@code CI=true}, else aborts the
   * test (JUnit assumption) with a message naming the server.
   */
  public static void requireReachable(Server server) {
    Optional<String> problem = probe(server);
    if (problem.isEmpty()) {
      return;
    }
    if (inCi()) {
      throw new AssertionError(problem.get() + " (CI=true: the integration tests need it)");
    }
    Assumptions.abort(
        problem.get() + " — skipping; start it, or set CI=true to make this a failure");
  }

  /** Why {@code server} cannot be used, or empty when it answers. */
  static Optional<String> probe(Server server) {
    if (server == Server.REDIS) {
      return probeRedis(URI.create(server.url));
    }
    DriverManager.setLoginTimeout(3);
    try (Connection c = DriverManager.getConnection(server.url, server.user, server.password)) {
      return c.isValid(3)
          ? Optional.empty()
          : Optional.of(server.displayName + " at " + server.url + " does not answer");
    } catch (SQLException e) {
      return Optional.of(
          server.displayName + " is not reachable at " + server.url + ": " + e.getMessage());
    }
  }

  private static Optional<String> probeRedis(URI uri) {
    int port = uri.getPort() == -1 ? 6379 : uri.getPort();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), port), 3_000);
      s.setSoTimeout(3_000);
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] reply = new byte[64];
      int n = s.getInputStream().read(reply);
      String answer = n <= 0 ? "" : new String(reply, 0, n, StandardCharsets.US_ASCII).trim();
      return answer.equals("+PONG")
          ? Optional.empty()
          : Optional.of("Redis at " + uri + " answered PING with '" + answer + "'");
    } catch (IOException e) {
      return Optional.of("Redis is not reachable at " + uri + ": " + e.getMessage());
    }
  }

  /** Whether the environment variable {@code CI} is {@code true}. */
  static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static ScratchDatabase scratch(Server server) {
    if (server == Server.REDIS) {
      throw new IllegalArgumentException("Redis has no scratch database: use Databases.redis()");
    }
    requireReachable(server);
    String name =
        "dzauth_test_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 12)
                .toLowerCase(Locale.ROOT);
    String ddl = server == Server.POSTGRESQL ? "CREATE SCHEMA " + name : "CREATE DATABASE " + name;
    admin(server, ddl);
    return new ScratchDatabase(server, name);
  }

  static void admin(Server server, String sql) {
    try (Connection c = DriverManager.getConnection(server.url, server.user, server.password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(server.displayName + ": " + sql + " failed", e);
    }
  }

  /** A pool (at most {@code maxPoolSize} connections) on {@code jdbcUrl}. */
  static HikariDataSource pool(
      Server server, String jdbcUrl, String poolName, long connectionTimeoutMillis) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(server.user);
    config.setPassword(server.password);
    config.setPoolName(poolName);
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(connectionTimeoutMillis);
    config.setValidationTimeout(Math.max(250, Math.min(1000, connectionTimeoutMillis - 100)));
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  private static String envOr(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
