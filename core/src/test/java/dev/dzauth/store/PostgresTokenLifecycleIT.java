package dev.dzauth.store;

import dev.dzauth.store.jdbc.JdbcDialect;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.ScratchDatabase;

/** The lifecycle contract on the JDBC store over the real PostgreSQL (a scratch schema). */
final class PostgresTokenLifecycleIT extends TokenLifecycleContract {

  private ScratchDatabase db;

  @Override
  TokenStore openStore() throws Exception {
    db = Databases.postgres();
    JdbcTokenStore store = JdbcTokenStore.builder(db.dataSource()).createSchemaIfMissing(true).build();
    if (store.dialect() != JdbcDialect.POSTGRESQL) {
      throw new AssertionError("detected " + store.dialect());
    }
    return store;
  }

  @Override
  void closeStore() {
    if (db != null) {
      db.close();
    }
  }
}
