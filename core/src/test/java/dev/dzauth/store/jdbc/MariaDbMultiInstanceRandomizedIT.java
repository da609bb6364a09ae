package dev.dzauth.store.jdbc;

import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The randomized multi-instance run on MariaDB (no doorbell: the poll interval is the bound). */
@RequiresDatabase(Databases.Server.MARIADB)
final class MariaDbMultiInstanceRandomizedIT extends MultiInstanceRandomizedContract {

  private static ScratchDatabase db;

  @BeforeAll
  static void database() throws Exception {
    db = Databases.mariaDb();
    JdbcTokenStore.builder(db.dataSource()).createSchemaIfMissing(true).build();
  }

  @AfterAll
  static void drop() {
    if (db != null) {
      db.close();
    }
  }

  @Override
  ScratchDatabase db() {
    return db;
  }

  @Override
  String server() {
    return "MariaDB";
  }
}
