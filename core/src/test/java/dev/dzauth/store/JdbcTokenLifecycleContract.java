package dev.dzauth.store;

import dev.dzauth.store.jdbc.JdbcDialect;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.testing.ScratchDatabase;
import java.util.function.Supplier;

/** The lifecycle contract on the JDBC store over a scratch database of a real server. */
abstract class JdbcTokenLifecycleContract extends TokenLifecycleContract {

  private final Supplier<ScratchDatabase> scratch;
  private final JdbcDialect expected;
  private ScratchDatabase db;

  JdbcTokenLifecycleContract(Supplier<ScratchDatabase> scratch, JdbcDialect expected) {
    this.scratch = scratch;
    this.expected = expected;
  }

  @Override
  final TokenStore openStore() throws Exception {
    db = scratch.get();
    JdbcTokenStore store =
        JdbcTokenStore.builder(db.dataSource()).createSchemaIfMissing(true).build();
    if (store.dialect() != expected) {
      throw new AssertionError("detected " + store.dialect() + ", expected " + expected);
    }
    return store;
  }

  @Override
  final void closeStore() {
    if (db != null) {
      db.close();
    }
  }
}
