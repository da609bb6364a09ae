package dev.dzauth.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dzauth.assembly.DzAuth;
import dev.dzauth.cli.CliException.Exit;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import java.sql.SQLException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the tokens are: the JDBC store's connection options, shared by the store commands. */
final class StoreOptions {

  @Option(
      names = "--jdbc-url",
      defaultValue = "${env:DZ_JDBC_URL}",
      paramLabel = "URL",
      description =
          "The token database, e.g. jdbc:postgresql://db.internal/app (default: $DZ_JDBC_URL).")
  @Nullable String jdbcUrl;

  @Option(
      names = "--jdbc-user",
      defaultValue = "${env:DZ_JDBC_USER}",
      paramLabel = "USER",
      description = "Database user (default: $DZ_JDBC_USER).")
  @Nullable String user;

  @Option(
      names = "--jdbc-password",
      arity = "0..1",
      interactive = true,
      defaultValue = "${env:DZ_JDBC_PASSWORD}",
      paramLabel = "PASSWORD",
      description =
          "Database password; without a value it is asked for on the terminal (default:"
              + " $DZ_JDBC_PASSWORD).")
  @Nullable String password;

  @Option(
      names = "--table-prefix",
      paramLabel = "PREFIX",
      description =
          "Prefix of the store's tables, as the application configures it (default: the store's).")
  @Nullable String tablePrefix;

  @Option(
      names = "--create-schema",
      description =
          "Create the store's tables when they are missing (as the application does at start).")
  boolean createSchema;

  /** Connects: the application's object graph ({@link DzAuth}) over the store at the URL. */
  Session open(String issuer, KeySetHolder keys) {
    String url = jdbcUrl;
    if (url == null || url.isBlank()) {
      throw new CliException(
          Exit.USAGE,
          "no token database: pass --jdbc-url jdbc:postgresql://host/db (or set DZ_JDBC_URL)");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(5_000);
    config.setPoolName("dz-auth-cli");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new CliException(
          Exit.UNAVAILABLE,
          "cannot connect to "
              + shown(url)
              + ": "
              + rootMessage(e)
              + " (check --jdbc-url, --jdbc-user and --jdbc-password)");
    }
    try {
      JdbcTokenStore.Builder store =
          JdbcTokenStore.builder(pool).createSchemaIfMissing(createSchema);
      if (tablePrefix != null) {
        store.tablePrefix(tablePrefix);
      }
      JdbcTokenStore tokens = store.build();
      tokens.latestSequence(); // a probe: the tables are there and readable
      // The one assembly, as the application builds it; no doorbell: the tool lives for seconds.
      return new Session(
          DzAuth.builder(issuer, keys).store(tokens).doorbell(null).closing(pool).build());
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw new CliException(
          Exit.UNAVAILABLE,
          "cannot open the token store at "
              + shown(url)
              + ": "
              + rootMessage(e)
              + (createSchema ? "" : " (a new database needs --create-schema)"));
    }
  }

  /** Connects for commands that mint nothing (list, revoke): the service gets a throwaway key. */
  Session openForReading() {
    return open(
        "urn:dz-auth:cli",
        KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "cli-unused"))));
  }

  /** The URL without its query string, where drivers accept passwords. */
  static String shown(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  /** An open connection to the store. */
  record Session(DzAuth dz) implements AutoCloseable {
    TokenService service() {
      return dz.service();
    }

    StatusCache statuses() {
      return dz.statuses();
    }

    Caller owner(String subject, String businessId, Set<String> scopes) {
      return new Caller(subject, businessId, scopes);
    }

    @Override
    public void close() {
      dz.close();
    }
  }
}
