package dev.dzauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.testing.SwitchableTokenStore;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A store outage under load costs the log two lines (down, up), not one per request. */
class OutageLogTests {

  @Test
  void aThousandApiRequestsDuringAnOutageLogOneWarningAndOneRecoveryLine() {
    String issuer = "https://outage.test";
    KeySetHolder keys = KeySetHolder.of(KeySet.of(TestKeys.es256()));
    SwitchableTokenStore store = new SwitchableTokenStore(new InMemoryTokenStore());
    try (StatusCache statuses = StatusCache.builder(store).build();
        TokenService service =
            TokenService.builder(TokenMinter.builder(issuer, keys).build(), store, statuses)
                .build()) {
      Caller alice = new Caller("alice", "biz", Set.of(TokenApi.READ_SCOPE, TokenApi.WRITE_SCOPE));
      String token = service.create(alice, CreateTokenRequest.named("load")).token();
      TokenVerifier verifier = TokenVerifier.builder(issuer, keys, statuses).build();
      VerifiedToken caller = verifier.verify(token);
      TokenApi api = TokenApi.create(service, verifier);
      ApiRequest list = new ApiRequest("GET", TokenApi.TOKENS_PATH, Map.of(), new byte[0], caller);

      PrintStream err = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        store.setDown(true);
        for (int i = 0; i < 1000; i++) {
          assertThat(api.handle(list).status()).isEqualTo(503);
        }
        store.setDown(false);
        assertThat(api.handle(list).status()).isEqualTo(200);
        assertThat(api.handle(list).status()).isEqualTo(200);
      } finally {
        System.setErr(err);
      }
      String log = captured.toString(StandardCharsets.UTF_8);
      assertThat(log.lines().filter(l -> l.contains("dz-auth API"))).hasSize(2);
      assertThat(log).contains("WARN").contains("after 1000 failed requests");
    }
  }
}
