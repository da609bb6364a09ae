package dev.dzauth.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The owner-liveness hook's answers stay within the status cache's refreshAfter/maxStaleness. */
class OwnerLivenessCacheTests {

  private static final Duration REFRESH_AFTER = Duration.ofSeconds(5);
  private static final Duration MAX_STALENESS = Duration.ofSeconds(30);

  private final MutableClock clock = MutableClock.fixed();
  private final StatusCache statuses =
      StatusCache.builder(jti -> VersionedStatus.unknown())
          .ticker(clock.ticker())
          .refreshAfter(REFRESH_AFTER)
          .maxStaleness(MAX_STALENESS)
          .storeTimeout(Duration.ofSeconds(2))
          .build();
  private final AtomicBoolean active = new AtomicBoolean(true);
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicInteger calls = new AtomicInteger();
  private final OwnerLivenessCache cache =
      OwnerLivenessCache.of(
          (subject, business) -> {
            calls.incrementAndGet();
            if (failing.get()) {
              throw new IllegalStateException("users database down");
            }
            return active.get();
          },
          statuses);

  @AfterEach
  void close() {
    statuses.close();
  }

  private static void assertReason(Runnable call, Reason reason) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            DzAuthException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void aDeactivatedOwnerIsRefusedOnceTheAnswerIsOlderThanRefreshAfterAndNotBefore() {
    cache.check("j1", "alice", "b1");
    assertThat(calls).hasValue(1);
    active.set(false);

    clock.advance(REFRESH_AFTER);
    cache.check("j1", "alice", "b1"); // still within refreshAfter: the answer stands
    assertThat(calls).hasValue(1);

    clock.advance(Duration.ofNanos(1));
    assertReason(() -> cache.check("j1", "alice", "b1"), Reason.OWNER_INACTIVE);
    assertThat(calls).hasValue(2);
    assertReason(() -> cache.check("j1", "alice", "b1"), Reason.OWNER_INACTIVE);
    assertThat(calls).hasValue(2);
  }

  @Test
  void whileTheHookFailsAnAnswerServesForMaxStalenessThenTheTokenFailsClosed() {
    cache.check("j1", "alice", "b1");
    failing.set(true);

    clock.advance(REFRESH_AFTER.plusSeconds(1));
    cache.check("j1", "alice", "b1"); // asked, failed, the answer is 6 s old: served
    clock.advance(MAX_STALENESS.minus(REFRESH_AFTER).minusSeconds(1));
    cache.check("j1", "alice", "b1"); // exactly maxStaleness old: served
    clock.advance(Duration.ofNanos(1));
    assertReason(() -> cache.check("j1", "alice", "b1"), Reason.STORE_UNAVAILABLE);
    assertReason(() -> cache.check("j2", "alice", "b1"), Reason.STORE_UNAVAILABLE);

    failing.set(false);
    cache.check("j1", "alice", "b1");
  }

  @Test
  void concurrentLookupsOfOneTokenShareOneCall() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger slowCalls = new AtomicInteger();
    OwnerLivenessCache slow =
        OwnerLivenessCache.of(
            (subject, business) -> {
              slowCalls.incrementAndGet();
              entered.countDown();
              release.await(5, TimeUnit.SECONDS);
              return true;
            },
            statuses);
    Thread first = new Thread(() -> slow.check("j", "a", "b"));
    first.start();
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    Thread[] others = new Thread[8];
    for (int i = 0; i < others.length; i++) {
      others[i] = new Thread(() -> slow.check("j", "a", "b"));
      others[i].start();
    }
    for (Thread t : others) { // each parks on the first call's answer
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (t.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(t.getState()).isEqualTo(Thread.State.TIMED_WAITING);
    }
    release.countDown();
    first.join(5_000);
    for (Thread t : others) {
      t.join(5_000);
    }
    assertThat(slowCalls).hasValue(1);
  }
}
