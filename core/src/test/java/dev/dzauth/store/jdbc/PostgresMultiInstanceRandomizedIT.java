package dev.dzauth.store.jdbc;

import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The randomized multi-instance run on PostgreSQL, each instance with its LISTEN doorbell. */
@RequiresDatabase(Databases.Server.POSTGRESQL)
final class PostgresMultiInstanceRandomizedIT extends MultiInstanceRandomizedContract {

  private static ScratchDatabase db;

  @BeforeAll
  static void database() throws Exception {
    db = Databases.postgres();
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
    return "PostgreSQL (doorbell on)";
  }

  @Override
  Consumer<StatusFeedPoller.Builder> pollerOptions(JdbcTokenStore store, DataSource pool) {
    return p -> p.doorbell(PostgresDoorbell.builder(store, PostgresDoorbell.ConnectionSource.of(pool))
        .keepalive(Duration.ofSeconds(5)).build());
  }
}
