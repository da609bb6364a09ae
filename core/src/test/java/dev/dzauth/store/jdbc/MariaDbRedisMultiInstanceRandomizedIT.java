package dev.dzauth.store.jdbc;

import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.store.redis.RedisDoorbell;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The randomized multi-instance run on MariaDB, each instance with a Redis doorbell. */
@RequiresDatabase({Databases.Server.MARIADB, Databases.Server.REDIS})
final class MariaDbRedisMultiInstanceRandomizedIT extends MultiInstanceRandomizedContract {

  private static final String CHANNEL = "dz_test_" + UUID.randomUUID().toString().replace("-", "");
  private static ScratchDatabase db;
  private static URI redis;

  @BeforeAll
  static void servers() throws Exception {
    db = Databases.mariaDb();
    JdbcTokenStore.builder(db.dataSource()).createSchemaIfMissing(true).build();
    redis = Databases.redis();
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
    return "MariaDB (Redis doorbell on)";
  }

  @Override
  Consumer<StatusFeedPoller.Builder> pollerOptions(JdbcTokenStore store, DataSource pool) {
    return p -> p.doorbell(RedisDoorbell.builder(redis).channel(CHANNEL).keepalive(Duration.ofSeconds(5)).build());
  }
}
