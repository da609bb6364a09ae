package dev.dzauth.store;

import dev.dzauth.store.jdbc.JdbcDialect;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;

/** The lifecycle contract on the JDBC store over the real MariaDB (a scratch database). */
@RequiresDatabase(Databases.Server.MARIADB)
final class MariaDbTokenLifecycleIT extends JdbcTokenLifecycleContract {

  MariaDbTokenLifecycleIT() {
    super(Databases::mariaDb, JdbcDialect.MARIADB);
  }
}
