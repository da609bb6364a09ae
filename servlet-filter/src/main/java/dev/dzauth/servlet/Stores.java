package dev.dzauth.servlet;

import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import jakarta.servlet.ServletException;
import java.sql.SQLException;
import java.util.Deque;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The {@code store} init-param: {@code memory}, {@code jndi:<name>} (a container {@code
 * DataSource}) or a JDBC URL (a HikariCP pool, HikariCP on the class path), the last two through
 * {@link JdbcTokenStore} (dialect detected). The one place the store is chosen.
 */
final class Stores {

  private Stores() {}

  // The JNDI name is the operator's init-param, never client input.
  @SuppressWarnings("BanJNDI")
  static TokenStore open(
      String spec,
      @Nullable String user,
      @Nullable String password,
      boolean createSchema,
      Deque<AutoCloseable> closeables)
      throws ServletException {
    if (spec.equals("memory")) {
      return new InMemoryTokenStore();
    }
    if (spec.startsWith("jndi:")) {
      String name = spec.substring("jndi:".length());
      Object found;
      try {
        found = new InitialContext().lookup(name);
      } catch (NamingException e) {
        throw new ServletException(
            "dz-auth init-param 'store': no JNDI name '" + name + "': " + e.getMessage(), e);
      }
      if (!(found instanceof DataSource ds)) {
        throw new ServletException(
            "dz-auth init-param 'store': JNDI name '" + name + "' is not a DataSource");
      }
      return jdbcStore(ds, createSchema, closeables);
    }
    if (spec.startsWith("jdbc:")) {
      DataSource ds = hikari(spec, user, password);
      closeables.push((AutoCloseable) ds);
      return jdbcStore(ds, createSchema, closeables);
    }
    throw new ServletException(
        "dz-auth init-param 'store': '"
            + describe(spec)
            + "' is not memory, jndi:<name> or a jdbc: URL");
  }

  static String describe(String spec) {
    // A JDBC URL may carry a password: show its scheme only.
    return spec.startsWith("jdbc:") ? spec.replaceFirst("^(jdbc:[a-z0-9]+:).*$", "$1…") : spec;
  }

  private static DataSource hikari(String url, @Nullable String user, @Nullable String password)
      throws ServletException {
    try {
      Class.forName("com.zaxxer.hikari.HikariDataSource", false, Stores.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ServletException(
          "dz-auth init-param 'store': a JDBC URL needs HikariCP "
              + "(com.zaxxer:HikariCP) on the class path, or use jndi:<name>");
    }
    try {
      return Hikari.pool(url, user, password);
    } catch (RuntimeException e) {
      throw new ServletException(
          "dz-auth init-param 'store': cannot open '" + describe(url) + "': " + e.getMessage(), e);
    }
  }

  private static TokenStore jdbcStore(
      DataSource ds, boolean createSchema, Deque<AutoCloseable> closeables)
      throws ServletException {
    try {
      JdbcTokenStore store = JdbcTokenStore.builder(ds).createSchemaIfMissing(createSchema).build();
      closeables.push(store);
      return store;
    } catch (SQLException | RuntimeException e) {
      throw new ServletException(
          "dz-auth init-param 'store': cannot open the JDBC store: " + e.getMessage(), e);
    }
  }
}
