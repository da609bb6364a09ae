package dev.dzauth.store;

import dev.dzauth.store.jdbc.JdbcDialect;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** The lifecycle contract on the JDBC store over embedded H2 (dialect detected). */
final class H2TokenLifecycleTests extends TokenLifecycleContract {

  @Override
  TokenStore openStore() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:dz" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    JdbcTokenStore store =
        JdbcTokenStore.builder(h2).tablePrefix("t_").createSchemaIfMissing(true).build();
    if (store.dialect() != JdbcDialect.H2) {
      throw new AssertionError("detected " + store.dialect());
    }
    return store;
  }
}
