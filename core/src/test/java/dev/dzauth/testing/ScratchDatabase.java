package dev.dzauth.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.dzauth.testing.Databases.Server;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A schema (PostgreSQL) or database (MariaDB) of its own on a real server, with HikariCP pools on
 * it; {@link #close()} closes the pools and drops it. Made by {@link Databases}.
 */
public final class ScratchDatabase implements AutoCloseable {

  private final Server server;
  private final String name;
  private final List<HikariDataSource> pools = new ArrayList<>();
  private final HikariDataSource dataSource;

  ScratchDatabase(Server server, String name) {
    this.server = server;
    this.name = name;
    this.dataSource = newPool("dz-" + name, 3_000);
  }

  /** The scratch schema's or database's name ({@code dzauth_test_…}). */
  public String name() {
    return name;
  }

  /** The server. */
  public Server server() {
    return server;
  }

  /** A pooled {@code DataSource} on the scratch schema or database. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** The JDBC URL of the scratch schema or database, through {@code host:port}. */
  public String jdbcUrl(String host, int port) {
    URI admin = URI.create(server.url().substring("jdbc:".length()));
    String base = admin.getScheme() + "://" + host + ":" + port;
    return server == Server.POSTGRESQL
        ? "jdbc:" + base + admin.getPath() + "?currentSchema=" + name
        : "jdbc:" + base + "/" + name;
  }

  /** The port of the server. */
  public int port() {
    return URI.create(server.url().substring("jdbc:".length())).getPort();
  }

  /** The host of the server. */
  public String host() {
    return URI.create(server.url().substring("jdbc:".length())).getHost();
  }

  /** Another pool on the scratch schema, e.g. a second service instance's. */
  public HikariDataSource newPool(String poolName, long connectionTimeoutMillis) {
    return newPool(poolName, jdbcUrl(host(), port()), connectionTimeoutMillis);
  }

  /** A pool on the scratch schema through another address (a proxy), closed with this. */
  public synchronized HikariDataSource newPool(
      String poolName, String jdbcUrl, long connectionTimeoutMillis) {
    HikariDataSource pool = Databases.pool(server, jdbcUrl, poolName, connectionTimeoutMillis);
    pools.add(pool);
    return pool;
  }

  @Override
  public synchronized void close() {
    pools.forEach(HikariDataSource::close);
    Databases.admin(
        server,
        server == Server.POSTGRESQL
            ? "DROP SCHEMA IF EXISTS " + name + " CASCADE"
            : "DROP DATABASE IF EXISTS " + name);
  }
}
