package dev.dzauth.publish;

import dev.dzauth.status.StatusListIndex;
import dev.dzauth.store.TokenStore;
import dev.dzauth.store.jdbc.JdbcStatusListIndex;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** The publisher contract over the JDBC store and index on embedded H2. */
final class H2StatusListPublisherTests extends StatusListPublisherContract {

  @Override
  TokenStore openStore() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:dzpub" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return JdbcTokenStore.builder(h2).createSchemaIfMissing(true).build();
  }

  @Override
  StatusListIndex openIndex(TokenStore store, int listSize) throws Exception {
    return JdbcStatusListIndex.builder((JdbcTokenStore) store)
        .listSize(listSize)
        .createSchemaIfMissing(true)
        .build();
  }
}
