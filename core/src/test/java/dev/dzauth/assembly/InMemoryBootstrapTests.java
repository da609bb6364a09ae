package dev.dzauth.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.BootstrapToken;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap contract on one in-memory store shared by the "instances" (as two services in one
 * JVM would share it), and what the bootstrap logs.
 */
final class InMemoryBootstrapTests extends BootstrapContract {

  private InMemoryTokenStore shared;

  @Override
  void openDatabase() {
    shared = new InMemoryTokenStore();
  }

  @Override
  TokenStore newInstanceStore() {
    return new dev.dzauth.store.ForwardingTokenStore(shared) {
      @Override
      public void close() {} // shared: closed by closeDatabase
    };
  }

  @Override
  void closeDatabase() throws Exception {
    shared.close();
  }

  @Test
  void bootstrapLogsTheRecordIdAndFileButNeverTheToken() throws Exception {
    Path file = dir.resolve("logged.token");
    BootstrapToken bootstrap = BootstrapToken.of("ops", "b-1", file);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream err = System.err;
    // slf4j-simple writes to the System.err of the moment.
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (DzAuth dz =
        DzAuth.builder(ISSUER, KeySet.of(TestKeys.es256())).bootstrap(bootstrap).build()) {
      assertThat(dz.store().findById(bootstrap.recordId())).isPresent();
    } finally {
      System.setErr(err);
    }
    String token = Files.readString(file).strip();
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains(bootstrap.recordId()).contains(file.toString());
    assertThat(log).doesNotContain(token).doesNotContain(token.substring(3, 40));
  }
}
