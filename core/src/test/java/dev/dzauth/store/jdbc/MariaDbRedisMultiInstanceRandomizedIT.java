package dev.dzauth.store.jdbc;

import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.store.redis.RedisDoorbell;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** The randomized multi-instance run on MariaDB, each instance with a Redis doorbell. */
@RequiresDatabase({Databases.Server.MARIADB, Databases.Server.REDIS})
final class MariaDbRedisMultiInstanceRandomizedIT extends MultiInstanceRandomizedContract {

  private static final String CHANNEL = "dz_test_" + UUID.randomUUID().toString().replace("-", "");

  @Override
  ScratchDatabase openDatabase() {
    return Databases.mariaDb();
  }

  @Override
  String server() {
    return "MariaDB (Redis doorbell on)";
  }

  @Override
  Consumer<StatusFeedPoller.Builder> pollerOptions(JdbcTokenStore store, DataSource pool) {
    return p ->
        p.doorbell(
            RedisDoorbell.builder(Databases.redis())
                .channel(CHANNEL)
                .keepalive(Duration.ofSeconds(5))
                .build());
  }
}
