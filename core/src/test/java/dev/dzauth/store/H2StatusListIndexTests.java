package dev.dzauth.store;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The index contract on the JDBC index over embedded H2. */
final class H2StatusListIndexTests extends JdbcStatusListIndexContract {

  @Override
  DataSource freshDatabase() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:dzsl" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }
}
