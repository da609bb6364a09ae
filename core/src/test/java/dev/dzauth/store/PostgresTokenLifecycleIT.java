package dev.dzauth.store;

import dev.dzauth.store.jdbc.JdbcDialect;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;

/** The lifecycle contract on the JDBC store over the real PostgreSQL (a scratch schema). */
@RequiresDatabase(Databases.Server.POSTGRESQL)
final class PostgresTokenLifecycleIT extends JdbcTokenLifecycleContract {

  PostgresTokenLifecycleIT() {
    super(Databases::postgres, JdbcDialect.POSTGRESQL);
  }
}
