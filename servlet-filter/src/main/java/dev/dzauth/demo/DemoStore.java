package dev.dzauth.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The demo's one store selection point: {@code DZ_JDBC_URL} (with {@code DZ_JDBC_USER},
 * {@code DZ_JDBC_PASSWORD}) selects a database through the JDBC store; without it, the embedded
 * default: H2 in memory through the JDBC store when that store is on the class path, else the
 * in-memory store.
 */
final class DemoStore implements AutoCloseable {

  static final String JDBC_STORE = "dev.dzauth.store.jdbc.JdbcTokenStore";

  private final TokenStore store;
  private final String description;
  private final List<AutoCloseable> owned;

  private DemoStore(TokenStore store, String description, List<AutoCloseable> owned) {
    this.store = store;
    this.description = description;
    this.owned = owned;
  }

  static DemoStore open(@Nullable String jdbcUrl, @Nullable String user, @Nullable String password) {
    boolean jdbcStore = isPresent(JDBC_STORE);
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      if (!jdbcStore) {
        return new DemoStore(new InMemoryTokenStore(), "in-memory (embedded; nothing survives a restart)", List.of());
      }
      jdbcUrl = "jdbc:h2:mem:dz-demo;DB_CLOSE_DELAY=-1";
      user = "sa";
      password = "";
    } else if (!jdbcStore) {
      throw new IllegalStateException("DZ_JDBC_URL is set but " + JDBC_STORE
          + " is not in this build; unset DZ_JDBC_URL to use the embedded store");
    }
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    c.setUsername(user);
    c.setPassword(password);
    c.setPoolName("dz-demo");
    c.setMaximumPoolSize(8);
    HikariDataSource ds = new HikariDataSource(c);
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      TokenStore store = jdbc(ds);
      owned.add(store);
      owned.add(ds);
      return new DemoStore(store, jdbcUrl.replaceFirst("^(jdbc:[a-z0-9]+:).*$", "$1…"), owned);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  private static TokenStore jdbc(DataSource ds) {
    try {
      Class<?> type = Class.forName(JDBC_STORE);
      Object builder = type.getMethod("builder", DataSource.class).invoke(null, ds);
      builder.getClass().getMethod("createSchemaIfMissing", boolean.class).invoke(builder, true);
      return (TokenStore) builder.getClass().getMethod("build").invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot open " + JDBC_STORE + ": " + e, e);
    }
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, DemoStore.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
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
