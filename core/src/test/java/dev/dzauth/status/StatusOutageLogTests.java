package dev.dzauth.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dzauth.testing.FakeStatusStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A store outage costs the status cache's log two lines (down, up), whatever the lookups. */
class StatusOutageLogTests {

  @Test
  void aThousandLookupsDuringAnOutageLogOneWarningAndOneRecoveryLine() {
    FakeStatusStore store = new FakeStatusStore();
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (StatusCache cache = StatusCache.builder(store).build()) {
      store.failing(true);
      for (int i = 0; i < 1000; i++) {
        String jti = "jti-" + i; // all uncached: each one asks the store
        assertThat(catchThrowable(() -> cache.status(jti))).isNotNull();
      }
      store.failing(false);
      store.set("jti-ok", TokenStatus.ACTIVE);
      assertThat(cache.status("jti-ok").status()).isEqualTo(TokenStatus.ACTIVE);
    } finally {
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log.lines().filter(l -> l.contains("dev.dzauth.status.StatusCache")))
        .as(log)
        .hasSize(2);
    assertThat(log).contains("unreachable").contains("answers status lookups again");
    assertThat(store.calls()).isGreaterThanOrEqualTo(1000);
  }
}
