package dev.dzauth.store.jdbc;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.EventOutbox;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import java.time.Duration;
import java.util.Set;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A service instance in a JVM of its own that dies on purpose ({@code Runtime.halt}, no shutdown
 * hooks, no finally blocks): {@code after-change} right after its changes committed, before any
 * delivery; {@code in-listener} inside the listener call of its first event. Driven by {@link
 * PostgresEventOutboxIT}; prints what it did on stdout.
 */
public final class CrashingInstance {

  private CrashingInstance() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String mode = args[2];
    String subject = args[3];
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    ds.setUser(user);
    JdbcTokenStore store = JdbcTokenStore.builder(ds).build();
    KeySetHolder ring =
        KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "crash")));
    StatusCache statuses = StatusCache.builder(store).build();
    TokenService service =
        TokenService.builder(
                TokenMinter.builder("https://crash.test", ring).build(), store, statuses)
            .build();
    Caller caller = new Caller(subject, "crash-biz", Set.of("tokens:write"));
    CreatedToken t = service.create(caller, CreateTokenRequest.named("crash"));
    service.revoke(caller, t.record().id(), "crash test");
    System.out.println("CHANGED " + t.record().id());
    System.out.flush();
    if (mode.equals("after-change")) {
      Runtime.getRuntime().halt(137);
    }
    EventOutbox outbox =
        EventOutbox.builder(store)
            .claimer("crashing")
            .lease(Duration.ofSeconds(30))
            .listener(
                e -> {
                  System.out.println("DELIVERING " + e.id());
                  System.out.flush();
                  Runtime.getRuntime().halt(137);
                })
            .build();
    while (true) {
      outbox.deliverOnce(); // halts inside the first call
    }
  }
}
