package dev.dzauth.store.jdbc;

import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** The randomized multi-instance run on PostgreSQL, each instance with its LISTEN doorbell. */
@RequiresDatabase(Databases.Server.POSTGRESQL)
final class PostgresMultiInstanceRandomizedIT extends MultiInstanceRandomizedContract {

  @Override
  ScratchDatabase openDatabase() {
    return Databases.postgres();
  }

  @Override
  String server() {
    return "PostgreSQL (doorbell on)";
  }

  @Override
  Consumer<StatusFeedPoller.Builder> pollerOptions(JdbcTokenStore store, DataSource pool) {
    return p ->
        p.doorbell(
            PostgresDoorbell.builder(store, PostgresDoorbell.ConnectionSource.of(pool))
                .keepalive(Duration.ofSeconds(5))
                .build());
  }
}
