package dev.dzauth.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.testing.FakeStatusStore;
import dev.dzauth.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class StatusCacheTests {

  private static final TokenState ACTIVE = TokenState.of("id-1", TokenStatus.ACTIVE);
  private static final TokenState SUSPENDED = TokenState.of("id-1", TokenStatus.SUSPENDED);
  private static final TokenState REVOKED = TokenState.of("id-1", TokenStatus.REVOKED);

  private final MutableClock clock = MutableClock.fixed();
  private final List<StatusCache> caches = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    caches.forEach(StatusCache::close);
  }

  private StatusCache cache(TokenStatusStore store) {
    return track(StatusCache.builder(store).ticker(clock.ticker()).build());
  }

  private StatusCache track(StatusCache cache) {
    caches.add(cache);
    return cache;
  }

  private static Reason reasonOf(Runnable call) {
    DzAuthException e = catchThrowableOfType(DzAuthException.class, call::run);
    assertThat(e).as("failure").isNotNull();
    return e.reason();
  }

  /** Waits for an asynchronous effect (a refresh on the cache's pool), at most 5 s. */
  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  @Test
  void statusWhenMissThenAsksTheStoreOnceAndServesFromCache() {
    FakeStatusStore store = new FakeStatusStore().set("j1", TokenStatus.ACTIVE);
    StatusCache cache = cache(store);

    assertThat(cache.status("j1").status()).isEqualTo(TokenStatus.ACTIVE);
    assertThat(cache.status("j1").tokenId()).isEqualTo("id-j1");
    assertThat(store.calls()).isEqualTo(1);
    assertThat(cache.stats().hits()).isEqualTo(1);
    assertThat(cache.stats().misses()).isEqualTo(1);
  }

  @Test
  void statusWhenConcurrentMissesForOneJtiThenOneStoreCall() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    StatusCache cache =
        cache(
            jti -> {
              calls.incrementAndGet();
              release.await();
              return ACTIVE;
            });
    int threads = 12;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<TokenState>> answers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return cache.status("j1");
                }));
      }
      start.countDown();
      // Every thread has looked the jti up (each lookup counts as a hit or a miss) before the
      // store answers.
      await(() -> cache.stats().hits() + cache.stats().misses() >= threads);
      release.countDown();

      for (Future<TokenState> answer : answers) {
        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo(ACTIVE);
      }
      assertThat(calls.get()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void statusWhenStoreThrowsThenStoreUnavailableAndTheFailureIsNotCached() {
    AtomicInteger calls = new AtomicInteger();
    StatusCache cache =
        cache(
            jti -> {
              if (calls.incrementAndGet() == 1) {
                throw new java.sql.SQLException("connection refused");
              }
              return ACTIVE;
            });

    DzAuthException e = catchThrowableOfType(DzAuthException.class, () -> cache.status("j1"));
    assertThat(e.reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
    assertThat(e.reason().kind().isClientFault()).isFalse();
    assertThat(cache.status("j1")).isEqualTo(ACTIVE);
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void statusWhenStoreThrowsAnErrorOrAnswersNullThenStoreUnavailable() {
    StatusCache throwsError =
        cache(
            jti -> {
              throw new AssertionError("bug in the store");
            });
    StatusCache answersNull = cache(jti -> null);
    StatusCache throwsUnchecked =
        cache(
            jti -> {
              throw new IllegalStateException("pool exhausted");
            });

    assertThat(reasonOf(() -> throwsError.status("j1"))).isEqualTo(Reason.STORE_UNAVAILABLE);
    assertThat(reasonOf(() -> answersNull.status("j1"))).isEqualTo(Reason.STORE_UNAVAILABLE);
    assertThat(reasonOf(() -> throwsUnchecked.status("j1"))).isEqualTo(Reason.STORE_UNAVAILABLE);
  }

  @Test
  void statusWhenStoreHangsThenStoreUnavailableAfterTheStoreTimeout() {
    StatusCache cache =
        track(
            StatusCache.builder(
                    jti -> {
                      release.await();
                      return ACTIVE;
                    })
                .storeTimeout(Duration.ofMillis(200))
                .build());

    long started = System.nanoTime();
    Reason reason = reasonOf(() -> cache.status("j1"));
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(reason).isEqualTo(Reason.STORE_UNAVAILABLE);
    assertThat(elapsedMillis).isBetween(150L, 1_900L);
  }

  @Test
  void statusWhenEveryStoreCallIsBusyThenStoreUnavailableAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    StatusCache cache =
        track(
            StatusCache.builder(
                    jti -> {
                      calls.incrementAndGet();
                      release.await();
                      return ACTIVE;
                    })
                .maxConcurrentLoads(1)
                .storeTimeout(Duration.ofSeconds(10))
                .build());
    Thread first =
        new Thread(
            () -> {
              try {
                cache.status("j1");
              } catch (DzAuthException expected) {
                // released at the end of the test, or timed out: either is fine here
              }
            });
    first.setDaemon(true);
    first.start();
    await(() -> calls.get() == 1);

    long started = System.nanoTime();
    assertThat(reasonOf(() -> cache.status("j2"))).isEqualTo(Reason.STORE_UNAVAILABLE);
    assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(5));
  }

  @Test
  void recordWhenFinalStateIsRecordedThenALaterNonFinalRecordIsIgnored() {
    StatusCache cache = cache(new FakeStatusStore());
    cache.record("j1", REVOKED);
    cache.record("j1", ACTIVE);
    cache.record("j1", SUSPENDED);

    assertThat(cache.status("j1")).isEqualTo(REVOKED);
  }

  @Test
  void recordWhenNonFinalStatesFollowEachOtherThenTheLastWins() {
    StatusCache cache = cache(new FakeStatusStore());
    cache.record("j1", ACTIVE);
    cache.record("j1", SUSPENDED);
    assertThat(cache.status("j1")).isEqualTo(SUSPENDED);

    cache.record("j1", ACTIVE);
    assertThat(cache.status("j1")).isEqualTo(ACTIVE);
  }

  @Test
  void statusWhenFinalStateIsRecordedThenNoLaterLoadOrRefreshReplacesIt() {
    FakeStatusStore store = new FakeStatusStore().set("j1", TokenStatus.ACTIVE);
    StatusCache cache = cache(store);
    cache.record("j1", REVOKED);

    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(10));
      assertThat(cache.status("j1")).isEqualTo(REVOKED);
    }
    assertThat(store.calls()).isZero();
  }

  @Test
  void statusWhenFinalStateIsRecordedWhileALoadIsInFlightThenTheFinalStateWins() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    StatusCache cache =
        cache(
            jti -> {
              calls.incrementAndGet();
              release.await();
              return ACTIVE;
            });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<TokenState> inFlight = pool.submit(() -> cache.status("j1"));
      await(() -> calls.get() == 1);
      cache.record("j1", REVOKED);
      release.countDown();

      assertThat(inFlight.get(5, TimeUnit.SECONDS)).isEqualTo(REVOKED);
      assertThat(cache.status("j1")).isEqualTo(REVOKED);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void statusWhenFinalStateIsRecordedWhileARefreshIsInFlightThenTheFinalStateWins() {
    AtomicInteger calls = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
    StatusCache cache =
        cache(
            jti -> {
              calls.incrementAndGet();
              release.await();
              answered.set(true);
              return ACTIVE;
            });
    cache.record("j1", ACTIVE);
    clock.advance(Duration.ofSeconds(6));
    assertThat(cache.status("j1")).isEqualTo(ACTIVE); // the stale answer serves; a refresh starts
    await(() -> calls.get() == 1);

    cache.record("j1", REVOKED);
    release.countDown();
    await(answered::get);

    for (int i = 0; i < 10_000; i++) {
      assertThat(cache.status("j1")).isEqualTo(REVOKED);
    }
    clock.advance(Duration.ofSeconds(6));
    assertThat(cache.status("j1")).isEqualTo(REVOKED);
    assertThat(calls.get()).isEqualTo(1);
  }

  // Answers are seeded with record(): a loaded answer's write time is set by Caffeine when the
  // load's future completes, which may be after its caller moved the test clock on.

  @Test
  void statusWhenRefreshAfterPassesThenTheAnswerIsRefreshedFromTheStore() {
    FakeStatusStore store = new FakeStatusStore().set("j1", TokenStatus.SUSPENDED);
    StatusCache cache = cache(store);
    cache.record("j1", TokenState.of("id-j1", TokenStatus.ACTIVE));

    clock.advance(Duration.ofSeconds(4));
    assertThat(cache.status("j1").status()).isEqualTo(TokenStatus.ACTIVE);
    assertThat(store.calls()).isZero();

    clock.advance(Duration.ofSeconds(2));
    await(() -> cache.status("j1").status() == TokenStatus.SUSPENDED);
    assertThat(store.calls()).isEqualTo(1);
  }

  @Test
  void statusWhenStoreIsDownThenServesStaleUpToMaxStalenessThenStoreUnavailable() {
    FakeStatusStore store = new FakeStatusStore().set("j1", TokenStatus.ACTIVE);
    StatusCache cache = cache(store);
    cache.record("j1", TokenState.of("id-j1", TokenStatus.ACTIVE));
    store.failing(true);

    clock.advance(Duration.ofSeconds(10));
    assertThat(cache.status("j1").status()).isEqualTo(TokenStatus.ACTIVE);
    await(() -> store.calls() >= 1 && cache.stats().loadFailures() >= 1);
    clock.advance(Duration.ofSeconds(19));
    assertThat(cache.status("j1").status()).isEqualTo(TokenStatus.ACTIVE);

    clock.advance(Duration.ofSeconds(1));
    assertThat(reasonOf(() -> cache.status("j1"))).isEqualTo(Reason.STORE_UNAVAILABLE);

    store.failing(false);
    assertThat(cache.status("j1").status()).isEqualTo(TokenStatus.ACTIVE);
  }

  @Test
  void statusWhenRefreshSucceedsThenStalenessBoundRestarts() {
    FakeStatusStore store = new FakeStatusStore().set("j1", TokenStatus.SUSPENDED);
    StatusCache cache = cache(store);
    cache.record("j1", TokenState.of("id-j1", TokenStatus.ACTIVE));
    clock.advance(Duration.ofSeconds(20));
    await(() -> cache.status("j1").status() == TokenStatus.SUSPENDED);
    store.failing(true);

    clock.advance(Duration.ofSeconds(25)); // 45 s after the first answer, 25 s after the refresh
    assertThat(cache.status("j1").status()).isEqualTo(TokenStatus.SUSPENDED);
    clock.advance(Duration.ofSeconds(6));
    assertThat(reasonOf(() -> cache.status("j1"))).isEqualTo(Reason.STORE_UNAVAILABLE);
  }

  @Test
  void statsWhenLookupsHitAndMissThenEachLookupCountsOnce() {
    StatusCache cache = cache(new FakeStatusStore().set("j1", TokenStatus.ACTIVE));
    cache.status("j1");
    cache.status("j1");
    cache.status("j1");

    assertThat(cache.stats().misses()).isEqualTo(1);
    assertThat(cache.stats().hits()).isEqualTo(2);
    assertThat(cache.stats().hitRatio()).isEqualTo(2.0 / 3);
  }

  @Test
  void builderWhenAnOptionIsInvalidThenTheMessageNamesIt() {
    FakeStatusStore store = new FakeStatusStore();
    assertThatThrownBy(() -> StatusCache.builder(store).maximumSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximumSize");
    assertThatThrownBy(() -> StatusCache.builder(store).refreshAfter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refreshAfter");
    assertThatThrownBy(() -> StatusCache.builder(store).maxStaleness(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxStaleness");
    assertThatThrownBy(() -> StatusCache.builder(store).storeTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("storeTimeout");
    assertThatThrownBy(() -> StatusCache.builder(store).maxConcurrentLoads(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrentLoads");
    assertThatThrownBy(() -> StatusCache.builder(store).ticker(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("ticker");
    assertThatThrownBy(() -> StatusCache.builder(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("store");
    assertThatThrownBy(
            () -> StatusCache.builder(store)
                .refreshAfter(Duration.ofSeconds(30))
                .maxStaleness(Duration.ofSeconds(30))
                .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxStaleness")
        .hasMessageContaining("refreshAfter");
  }
}
