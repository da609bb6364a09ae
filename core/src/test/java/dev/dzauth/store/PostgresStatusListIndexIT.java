package dev.dzauth.store;

import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The index contract on the JDBC index over the real PostgreSQL (a scratch database per test). */
@RequiresDatabase(Databases.Server.POSTGRESQL)
final class PostgresStatusListIndexIT extends JdbcStatusListIndexContract {

  private final List<ScratchDatabase> scratch = new ArrayList<>();

  @Override
  DataSource freshDatabase() {
    ScratchDatabase db = Databases.postgres();
    scratch.add(db);
    return db.dataSource();
  }

  @Override
  void close() {
    scratch.forEach(ScratchDatabase::close);
    scratch.clear();
  }
}
