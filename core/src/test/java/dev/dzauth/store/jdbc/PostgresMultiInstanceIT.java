package dev.dzauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several service instances on one real PostgreSQL: a status change on one reaches the others
 * through the feed within the bound, and an instance cut off from the database degrades as
 * documented and recovers.
 */
@RequiresDatabase(Databases.Server.POSTGRESQL)
final class PostgresMultiInstanceIT {

  private static ScratchDatabase db;
  private static final KeySetHolder RING =
      KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.ES256, "k1")));
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

  @Test
  void revokeOnOneInstanceIsRejectedByAnotherWithinThePollInterval() throws Exception {
    // B's cache would not refresh on its own for a minute: only the feed can tell it.
    try (InstanceStack a =
            stack("a", System::nanoTime, Duration.ofMinutes(1), Duration.ofMinutes(2));
        InstanceStack b =
            stack("b", System::nanoTime, Duration.ofMinutes(1), Duration.ofMinutes(2))) {
      a.poller.start();
      b.poller.start();
      awaitPositioned(b);
      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        CreatedToken t = a.service.create(alice, CreateTokenRequest.named("t" + i));
        assertThat(b.verifier.verify(t.token()).tokenId()).isEqualTo(t.record().id());
        Thread.sleep(137L * i);

        long start = System.nanoTime();
        a.service.revoke(alice, t.record().id(), "propagation test");
        assertReason(() -> a.verifier.verify(t.token()), Reason.REVOKED);
        long deadline = start + Duration.ofSeconds(5).toNanos();
        while (accepts(b, t) && System.nanoTime() < deadline) {
          Thread.sleep(2);
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        assertReason(() -> b.verifier.verify(t.token()), Reason.REVOKED);
        millis.add(took);
      }
      System.out.println(
          "[dz-auth] revoke propagation between two instances on PostgreSQL"
              + " (poll interval "
              + b.poller.pollInterval().toMillis()
              + " ms): "
              + millis
              + " ms");
      assertThat(millis).allMatch(ms -> ms < b.poller.pollInterval().toMillis() + 1_000);

      CreatedToken s = a.service.create(alice, CreateTokenRequest.named("s"));
      b.verifier.verify(s.token());
      a.service.suspend(alice, s.record().id());
      awaitRejected(b, s, Reason.SUSPENDED);
      a.service.activate(alice, s.record().id());
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (!accepts(b, s) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(b.verifier.verify(s.token()).tokenId()).isEqualTo(s.record().id());

      try (InstanceStack restarted =
          stack("c", System::nanoTime, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
        CreatedToken last = a.service.create(alice, CreateTokenRequest.named("before-restart"));
        a.service.revoke(alice, last.record().id(), null);
        assertThat(restarted.poller.pollOnce()).isTrue();
        assertReason(() -> restarted.verifier.verify(last.token()), Reason.REVOKED);
      }
    }
  }

  @Test
  void whenTheDatabaseIsUnreachableCachedTokensServeWithinTheBoundAndEverythingRecovers()
      throws Exception {
    AtomicLong ticker = new AtomicLong();
    try (LoopbackProxy proxy = LoopbackProxy.to(db.host(), db.port());
        InstanceStack cut =
            new InstanceStack(
                db.newPool("dz-cut", db.jdbcUrl("127.0.0.1", proxy.port()), 1_000),
                RING,
                ticker::get,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30));
        InstanceStack other =
            stack("other", System::nanoTime, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
      assertThat(cut.poller.pollOnce()).isTrue();
      CreatedToken cached = cut.service.create(alice, CreateTokenRequest.named("cached"));
      CreatedToken revokedElsewhere =
          cut.service.create(alice, CreateTokenRequest.named("revoked elsewhere"));
      CreatedToken unknown = other.service.create(alice, CreateTokenRequest.named("never seen"));
      cut.verifier.verify(cached.token());
      cut.verifier.verify(revokedElsewhere.token());

      proxy.cut();
      other.service.revoke(alice, revokedElsewhere.record().id(), "while the other was cut off");

      assertThat(cut.verifier.verify(cached.token()).tokenId()).isEqualTo(cached.record().id());
      ticker.addAndGet(Duration.ofSeconds(10).toNanos());
      assertThat(cut.verifier.verify(cached.token()).tokenId()).isEqualTo(cached.record().id());
      assertReason(() -> cut.verifier.verify(unknown.token()), Reason.STORE_UNAVAILABLE);
      assertReason(
          () -> cut.service.revoke(alice, cached.record().id(), "no"), Reason.STORE_UNAVAILABLE);
      assertThat(cut.verifier.verify(cached.token()).tokenId()).isEqualTo(cached.record().id());
      assertThat(other.service.get(alice, cached.record().id()).state())
          .isEqualTo(TokenStatus.ACTIVE);
      assertThat(cut.poller.pollOnce()).isFalse();
      assertThat(cut.poller.lag().consecutiveFailures()).isEqualTo(1);

      ticker.addAndGet(Duration.ofSeconds(25).toNanos());
      assertReason(() -> cut.verifier.verify(cached.token()), Reason.STORE_UNAVAILABLE);

      proxy.restore();
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (!accepts(cut, cached) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(cut.verifier.verify(cached.token()).tokenId()).isEqualTo(cached.record().id());
      assertThat(cut.verifier.verify(unknown.token()).tokenId()).isEqualTo(unknown.record().id());
      assertThat(cut.poller.pollOnce()).isTrue();
      assertThat(cut.poller.lag().consecutiveFailures()).isZero();
      assertReason(() -> cut.verifier.verify(revokedElsewhere.token()), Reason.REVOKED);
      cut.service.revoke(alice, cached.record().id(), "after recovery");
      assertReason(() -> cut.verifier.verify(cached.token()), Reason.REVOKED);
      assertThat(other.service.get(alice, cached.record().id()).revocationReason())
          .isEqualTo("after recovery");
    }
  }

  private static InstanceStack stack(
      String name,
      java.util.function.LongSupplier ticker,
      Duration refreshAfter,
      Duration maxStaleness)
      throws Exception {
    return new InstanceStack(
        db.newPool("dz-" + name, 2_000), RING, ticker, refreshAfter, maxStaleness);
  }

  private static void awaitPositioned(InstanceStack s) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!s.poller.lag().everSucceeded() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(s.poller.lag().everSucceeded()).isTrue();
  }

  private static void awaitRejected(InstanceStack s, CreatedToken t, Reason reason)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (accepts(s, t) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertReason(() -> s.verifier.verify(t.token()), reason);
  }

  private static boolean accepts(InstanceStack s, CreatedToken t) {
    try {
      s.verifier.verify(t.token());
      return true;
    } catch (DzAuthException e) {
      return false;
    }
  }

  private static void assertReason(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DzAuthException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
