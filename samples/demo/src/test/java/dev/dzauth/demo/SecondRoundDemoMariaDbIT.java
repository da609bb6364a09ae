package dev.dzauth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;
import dev.dzauth.testing.SecondRoundCorpus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's attacks against the demo on MariaDB (a scratch database), where ids like {@code é}
 * were a 503.
 */
@RequiresDatabase(Databases.Server.MARIADB)
final class SecondRoundDemoMariaDbIT {

  @Test
  void everySecondRoundAttackIsAnsweredAsExpectedByTheDemoOnMariaDb() throws Exception {
    try (ScratchDatabase db = Databases.mariaDb();
        DemoServer demo =
            DemoServer.start(
                0, db.jdbcUrl(db.host(), db.port()), db.server().user(), db.server().password())) {
      List<SecondRoundCorpus.Row> rows = SecondRoundCorpus.run(demo.port(), demo.bootstrapToken());

      System.out.println(SecondRoundCorpus.summary("the demo (Jetty 12.1.14, MariaDB)", rows));
      assertThat(rows).filteredOn(r -> !r.asExpected()).isEmpty();
    }
  }
}
