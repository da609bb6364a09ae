package dev.dzauth.servlet;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** HikariCP, loaded only when a JDBC URL is configured (it is an optional dependency). */
final class Hikari {

  private Hikari() {}

  static DataSource pool(String url, @Nullable String user, @Nullable String password) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setUsername(user);
    c.setPassword(password);
    c.setPoolName("dz-auth");
    c.setMaximumPoolSize(10);
    return new HikariDataSource(c);
  }
}
