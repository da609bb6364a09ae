package dev.dzauth.publish;

import dev.dzauth.status.StatusListIndex;
import dev.dzauth.store.TokenStore;
import dev.dzauth.store.jdbc.JdbcStatusListIndex;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;

/** The publisher contract over the JDBC store and index on the real PostgreSQL. */
@RequiresDatabase(Databases.Server.POSTGRESQL)
final class PostgresStatusListPublisherIT extends StatusListPublisherContract {

  private ScratchDatabase db;

  @Override
  TokenStore openStore() throws Exception {
    db = Databases.postgres();
    return JdbcTokenStore.builder(db.dataSource()).createSchemaIfMissing(true).build();
  }

  @Override
  StatusListIndex openIndex(TokenStore store, int listSize) throws Exception {
    return JdbcStatusListIndex.builder((JdbcTokenStore) store)
        .listSize(listSize)
        .createSchemaIfMissing(true)
        .build();
  }

  @Override
  void closeStore() {
    if (db != null) {
      db.close();
    }
  }
}
