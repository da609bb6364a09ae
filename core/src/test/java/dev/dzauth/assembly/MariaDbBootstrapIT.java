package dev.dzauth.assembly;

import dev.dzauth.store.TokenStore;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;

/**
 * The bootstrap contract on the real MariaDB: each "instance" a store on a connection pool of its
 * own on one scratch schema, so the race is decided by the database's primary key.
 */
@RequiresDatabase(Databases.Server.MARIADB)
final class MariaDbBootstrapIT extends BootstrapContract {

  private ScratchDatabase db;
  private int instances;

  @Override
  void openDatabase() {
    db = Databases.mariaDb();
  }

  @Override
  TokenStore newInstanceStore() throws Exception {
    return JdbcTokenStore.builder(db.newPool("boot-" + ++instances, 3_000))
        .createSchemaIfMissing(true)
        .build();
  }

  @Override
  void closeDatabase() {
    if (db != null) {
      db.close();
    }
  }
}
