package dev.dzauth.servlet;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.servlet.testing.DemoFixture;
import dev.dzauth.servlet.testing.Http.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of parallel requests while tokens are revoked over HTTP: no request sent after its
 * token's revoke call returned is authenticated, and nothing but 200 or 401 is ever answered.
 *
 * <p>Times are {@link System#nanoTime()}: a request is stamped just before it is sent, a revoke
 * just after its 201 arrived, so "sent after the revoke returned" is certain, not a guess.
 */
final class RevocationConcurrencyIT {

  private record Outcome(int token, long sentAt, int status) {}

  @Test
  void noRequestIsAuthenticatedAfterItsTokensRevokeReturned() throws Exception {
    try (DemoFixture fx = new DemoFixture()) {
      int tokens = 20;
      List<CreatedToken> created = new ArrayList<>();
      for (int i = 0; i < tokens; i++) {
        created.add(fx.demo.service().create(fx.admin(), CreateTokenRequest.named("c" + i)));
      }
      Map<Integer, Long> revokedAt = new ConcurrentHashMap<>();
      List<Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
      AtomicInteger others = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(32);
      try {
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < 32; w++) {
          work.add(
              pool.submit(
                  () -> {
                    for (int n = 0; n < 25; n++) {
                      int i = ThreadLocalRandom.current().nextInt(tokens);
                      long sent = System.nanoTime();
                      Response r = fx.http.get("/api/v1/me", bearer(created.get(i).token()));
                      outcomes.add(new Outcome(i, sent, r.status()));
                      if (r.status() != 200 && r.status() != 401) {
                        others.incrementAndGet();
                      }
                    }
                  }));
        }
        Thread.sleep(50);
        for (int i = 0; i < tokens; i += 2) {
          Response r =
              fx.http.post(
                  "/api/v1/tokens/" + created.get(i).record().id() + "/revoke",
                  "",
                  bearer(fx.demo.bootstrapToken()));
          assertThat(r.status()).isEqualTo(201);
          revokedAt.put(i, System.nanoTime());
        }
        for (Future<?> f : work) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(outcomes).hasSize(32 * 25);
      assertThat(others.get()).as("answers other than 200/401").isZero();
      List<Outcome> violations =
          outcomes.stream()
              .filter(
                  o ->
                      o.status() == 200
                          && revokedAt.containsKey(o.token())
                          && o.sentAt() > revokedAt.get(o.token()))
              .toList();
      assertThat(violations).as("authenticated after revoke returned").isEmpty();
      long unrevokedRefused =
          outcomes.stream()
              .filter(o -> o.status() == 401 && !revokedAt.containsKey(o.token()))
              .count();
      assertThat(unrevokedRefused).as("tokens never revoked were refused").isZero();
      long afterRevoke =
          outcomes.stream()
              .filter(
                  o -> revokedAt.containsKey(o.token()) && o.sentAt() > revokedAt.get(o.token()))
              .count();
      assertThat(afterRevoke).as("the test exercised requests after revocations").isPositive();
    }
  }
}
