package dev.dzauth.assembly;

import dev.dzauth.store.TokenStore;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** The bootstrap contract on embedded H2: each "instance" a store of its own on one database. */
final class H2BootstrapTests extends BootstrapContract {

  private JdbcDataSource h2;

  @Override
  void openDatabase() {
    h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:boot" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @Override
  TokenStore newInstanceStore() throws Exception {
    return JdbcTokenStore.builder(h2).createSchemaIfMissing(true).build();
  }

  @Override
  void closeDatabase() throws Exception {
    try (var c = h2.getConnection();
        var s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }
}
