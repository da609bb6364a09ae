package dev.dzauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.LoopbackProxy;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hardening on the real PostgreSQL: verification under concurrent revoke, suspend and activate on
 * one instance and across two, and an outage under load through the {@link LoopbackProxy}. Each
 * test prints its figures. Times are {@link System#nanoTime()}; waits across instances are bounded
 * loops.
 */
@RequiresDatabase(Databases.Server.POSTGRESQL)
final class PostgresHardeningIT {

  private static final KeySetHolder RING =
      KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.ES256, "k1")));
  private static ScratchDatabase db;
  private final Caller alice =
      new Caller("alice-" + UUID.randomUUID(), "biz", Set.of("tokens:read", "tokens:write"));

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

  private record Use(int instance, int token, long sentAt, boolean accepted) {}

  @Test
  void noAcceptanceAfterARevokeReturnedHereNorAfterTheBoundThereAndSuspendActivateConverge()
      throws Exception {
    try (InstanceStack a = stack("a", Duration.ofSeconds(5), Duration.ofSeconds(30));
        InstanceStack b = stack("b", Duration.ofSeconds(5), Duration.ofSeconds(30))) {
      a.poller.start();
      b.poller.start();
      InstanceStack[] both = {a, b};
      int n = 24;
      List<CreatedToken> tokens = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        tokens.add(a.service.create(alice, CreateTokenRequest.named("c" + i)));
      }
      Map<Integer, Long> revokedAt = new ConcurrentHashMap<>();
      List<Use> uses = java.util.Collections.synchronizedList(new ArrayList<>());
      AtomicInteger unexpected = new AtomicInteger();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> work = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int instance = w % 2;
        work.add(
            pool.submit(
                () -> {
                  while (running.get()) {
                    int i = ThreadLocalRandom.current().nextInt(n);
                    long sent = System.nanoTime();
                    boolean ok;
                    try {
                      both[instance].verifier.verify(tokens.get(i).token());
                      ok = true;
                    } catch (DzAuthException e) {
                      ok = false;
                      if (e.reason() != Reason.REVOKED && e.reason() != Reason.SUSPENDED) {
                        unexpected.incrementAndGet();
                      }
                    }
                    uses.add(new Use(instance, i, sent, ok));
                  }
                }));
      }
      for (int i = 0; i < n; i++) {
        if (i % 3 == 0) {
          a.service.revoke(alice, tokens.get(i).record().id(), "concurrency");
          revokedAt.put(i, System.nanoTime());
        } else if (i % 3 == 1) {
          a.service.suspend(alice, tokens.get(i).record().id());
          b.service.activate(alice, tokens.get(i).record().id());
        }
        Thread.sleep(100);
      }
      Thread.sleep(2_500);
      running.set(false);
      for (Future<?> f : work) {
        f.get();
      }
      pool.shutdown();

      long bound = b.poller.pollInterval().toNanos() + Duration.ofSeconds(1).toNanos();
      long sameInstance =
          uses.stream()
              .filter(
                  u ->
                      u.accepted()
                          && u.instance() == 0
                          && revokedAt.containsKey(u.token())
                          && u.sentAt() > revokedAt.get(u.token()))
              .count();
      long otherInstance =
          uses.stream()
              .filter(
                  u ->
                      u.accepted()
                          && u.instance() == 1
                          && revokedAt.containsKey(u.token())
                          && u.sentAt() > revokedAt.get(u.token()) + bound)
              .count();
      long afterRevoke =
          uses.stream()
              .filter(
                  u -> revokedAt.containsKey(u.token()) && u.sentAt() > revokedAt.get(u.token()))
              .count();
      List<Integer> notConverged = new ArrayList<>();
      for (int i = 1; i < n; i += 3) {
        for (InstanceStack s : both) {
          if (!awaitAccepted(s, tokens.get(i))) {
            notConverged.add(i);
          }
        }
      }
      System.out.printf(
          "[dz-auth hardening] concurrency on PostgreSQL: %d verifications (%d after a revoke) on"
              + " two instances, violations: %d same instance, %d other instance after %d ms;"
              + " unexpected reasons %d; suspend/activate not converged %d%n",
          uses.size(),
          afterRevoke,
          sameInstance,
          otherInstance,
          bound / 1_000_000,
          unexpected.get(),
          notConverged.size());
      assertThat(sameInstance).isZero();
      assertThat(otherInstance).isZero();
      assertThat(unexpected.get()).isZero();
      assertThat(notConverged).isEmpty();
      assertThat(afterRevoke).isPositive();
    }
  }

  @Test
  void
      anOutageUnderLoadServesCachedTokensWithinTheBoundFailsClosedAndRecoversWithoutLosingARevocation()
          throws Exception {
    Duration maxStaleness = Duration.ofSeconds(3);
    try (LoopbackProxy proxy = LoopbackProxy.to(db.host(), db.port());
        InstanceStack cut =
            new InstanceStack(
                db.newPool("dz-cut", db.jdbcUrl("127.0.0.1", proxy.port()), 1_000),
                RING,
                System::nanoTime,
                Duration.ofSeconds(1),
                maxStaleness);
        InstanceStack other = stack("other", Duration.ofSeconds(5), Duration.ofSeconds(30))) {
      cut.poller.start();
      CreatedToken cached = cut.service.create(alice, CreateTokenRequest.named("cached"));
      CreatedToken revokedHere =
          cut.service.create(alice, CreateTokenRequest.named("revoked here"));
      CreatedToken revokedThere =
          cut.service.create(alice, CreateTokenRequest.named("revoked there"));
      CreatedToken unknown =
          other.service.create(alice, CreateTokenRequest.named("never seen by cut"));
      cut.service.revoke(alice, revokedHere.record().id(), "before the outage");
      cut.verifier.verify(cached.token());
      cut.verifier.verify(revokedThere.token());
      List<CreatedToken> all = List.of(cached, revokedHere, revokedThere, unknown);

      var threads = ManagementFactory.getThreadMXBean();
      int threadsBefore = threads.getThreadCount();
      AtomicInteger peak = new AtomicInteger(threadsBefore);
      AtomicLong cutAt = new AtomicLong(Long.MAX_VALUE);
      AtomicLong restoredAt = new AtomicLong(Long.MAX_VALUE);
      Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
      AtomicInteger violations = new AtomicInteger();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> work = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        work.add(
            pool.submit(
                () -> {
                  while (running.get()) {
                    int i = ThreadLocalRandom.current().nextInt(all.size());
                    long sent = System.nanoTime();
                    if (i == 3 && sent < cutAt.get()) {
                      continue; // "never seen by cut" must stay unseen until the outage
                    }
                    String outcome;
                    try {
                      cut.verifier.verify(all.get(i).token());
                      outcome = "accepted";
                    } catch (DzAuthException e) {
                      outcome = e.reason().name();
                    }
                    boolean during = sent > cutAt.get() && sent < restoredAt.get();
                    String key =
                        (during ? "outage " : sent < cutAt.get() ? "before " : "after ")
                            + i
                            + " "
                            + outcome;
                    counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    boolean wrong =
                        switch (i) {
                          case 0 ->
                              during
                                  ? outcome.equals("accepted")
                                          && sent
                                              > cutAt.get()
                                                  + maxStaleness.toNanos()
                                                  + Duration.ofSeconds(3).toNanos()
                                      || !outcome.equals("accepted")
                                          && !outcome.equals("STORE_UNAVAILABLE")
                                  : false;
                          case 1 -> !outcome.equals("REVOKED");
                          case 3 -> during ? !outcome.equals("STORE_UNAVAILABLE") : false;
                          default -> false;
                        };
                    if (wrong) {
                      violations.incrementAndGet();
                    }
                    peak.accumulateAndGet(threads.getThreadCount(), Math::max);
                    Thread.onSpinWait();
                  }
                }));
      }
      Thread.sleep(500);
      proxy.cut();
      cutAt.set(System.nanoTime());
      other.service.revoke(alice, revokedThere.record().id(), "during the outage");
      boolean revokeFailed;
      try {
        cut.service.revoke(alice, cached.record().id(), "cannot be made durable");
        revokeFailed = false;
      } catch (DzAuthException e) {
        revokeFailed = e.reason() == Reason.STORE_UNAVAILABLE;
      }
      Thread.sleep(maxStaleness.toMillis() + 4_000);
      int threadsDuring = threads.getThreadCount();
      proxy.restore();
      restoredAt.set(System.nanoTime());
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < deadline
          && !(accepts(cut, cached)
              && accepts(cut, unknown)
              && reason(cut, revokedThere) == Reason.REVOKED)) {
        Thread.sleep(50);
      }
      long recoveryMillis = (System.nanoTime() - restoredAt.get()) / 1_000_000;
      Thread.sleep(500);
      running.set(false);
      for (Future<?> f : work) {
        f.get();
      }
      pool.shutdown();
      Thread.sleep(200);
      int threadsAfter = threads.getThreadCount();

      System.out.printf(
          "[dz-auth hardening] outage on PostgreSQL (cut %d ms, maxStaleness %d s): %s; violations"
              + " %d; revoke during outage failed loudly %s; recovery %d ms without restart;"
              + " threads before %d, peak %d, during %d, after %d%n",
          (restoredAt.get() - cutAt.get()) / 1_000_000,
          maxStaleness.toSeconds(),
          new java.util.TreeMap<>(counts),
          violations.get(),
          revokeFailed,
          recoveryMillis,
          threadsBefore,
          peak.get(),
          threadsDuring,
          threadsAfter);
      assertThat(violations.get()).isZero();
      assertThat(revokeFailed).isTrue();
      assertThat(counts)
          .containsKey("outage 0 accepted")
          .containsKey("outage 3 STORE_UNAVAILABLE")
          .doesNotContainKey("outage 1 accepted")
          .doesNotContainKey("after 1 accepted")
          .doesNotContainKey("outage 3 accepted");
      assertThat(accepts(cut, cached)).as("recovered without restart").isTrue();
      assertThat(accepts(cut, unknown)).isTrue();
      assertThat(reason(cut, revokedThere))
          .as("the revocation made elsewhere during the outage")
          .isEqualTo(Reason.REVOKED);
      assertThat(other.service.get(alice, cached.record().id()).state())
          .isEqualTo(TokenStatus.ACTIVE);
      assertThat(peak.get() - threadsBefore).as("thread pile-up").isLessThan(40);
      assertThat(threadsAfter - threadsBefore).isLessThan(20);
    }
  }

  private static InstanceStack stack(String name, Duration refreshAfter, Duration maxStaleness)
      throws Exception {
    return new InstanceStack(
        db.newPool("dz-" + name, 2_000), RING, System::nanoTime, refreshAfter, maxStaleness);
  }

  private static boolean awaitAccepted(InstanceStack s, CreatedToken t)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
    while (!accepts(s, t) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return accepts(s, t);
  }

  private static boolean accepts(InstanceStack s, CreatedToken t) {
    return reason(s, t) == null;
  }

  private static Reason reason(InstanceStack s, CreatedToken t) {
    try {
      s.verifier.verify(t.token());
      return null;
    } catch (DzAuthException e) {
      return e.reason();
    }
  }
}
