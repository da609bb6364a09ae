package dev.dzauth.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dzauth.store.TokenStore;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The demo's one store selection point: {@code DZ_JDBC_URL} (with {@code DZ_JDBC_USER}, {@code
 * DZ_JDBC_PASSWORD}) selects a database (PostgreSQL, MariaDB, H2) through the JDBC store; without
 * it, the embedded default, H2 in memory through the same store. A status feed poller keeps several
 * demo instances on one database in step.
 */
final class DemoStore implements AutoCloseable {

  private final TokenStore store;
  private final String description;
  private final List<AutoCloseable> owned;

  private DemoStore(TokenStore store, String description, List<AutoCloseable> owned) {
    this.store = store;
    this.description = description;
    this.owned = owned;
  }

  static DemoStore open(@Nullable String jdbcUrl, @Nullable String user, @Nullable String password)
      throws SQLException {
    String description;
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      jdbcUrl = "jdbc:h2:mem:dz-demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
      user = "sa";
      password = "";
      description = "H2 in memory (embedded; nothing survives a restart)";
    } else {
      description = jdbcUrl.replaceFirst("^(jdbc:[a-z0-9]+:).*$", "$1…") + " (DZ_JDBC_URL)";
    }
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    c.setUsername(user);
    c.setPassword(password);
    c.setPoolName("dz-demo");
    c.setMaximumPoolSize(8);
    HikariDataSource ds = new HikariDataSource(c);
    try {
      JdbcTokenStore store = JdbcTokenStore.builder(ds).createSchemaIfMissing(true).build();
      List<AutoCloseable> owned = new ArrayList<>();
      owned.add(store);
      owned.add(ds);
      return new DemoStore(store, description + ", " + store.dialect(), owned);
    } catch (SQLException | RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  TokenStore store() {
    return store;
  }

  String description() {
    return description;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : owned) {
      c.close();
    }
  }
}
