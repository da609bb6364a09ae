package dev.dzauth.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.testing.FakeStatusStore;
import dev.dzauth.testing.MutableClock;
import dev.dzauth.testing.States;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cache on its own, with no feed: ordering by version, bounded staleness, loads. The feed's
 * anchor is tested in {@code FeedAnchoredStatusTests}.
 */
final class StatusCacheTests {

  private static final VersionedStatus ACTIVE = States.of("id-1", TokenStatus.ACTIVE, 1);
  private static final VersionedStatus SUSPENDED = States.of("id-1", TokenStatus.SUSPENDED, 2);
  private static final VersionedStatus ACTIVE_AGAIN = States.of("id-1", TokenStatus.ACTIVE, 3);
  private static final VersionedStatus REVOKED = States.of("id-1", TokenStatus.REVOKED, 4);

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

  /** Waits for another thread to reach a point (a store call begun), at most 5 s. */
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
    assertThat(cache.stats().storeCalls()).isEqualTo(1);
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
      List<Future<VersionedStatus>> answers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return cache.status("j1");
                }));
      }
      start.countDown();
      await(() -> cache.stats().misses() >= threads);
      release.countDown();

      for (Future<VersionedStatus> answer : answers) {
        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo(ACTIVE);
      }
      assertThat(calls.get()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void statusWhenMissesForManyJtisArriveWhileTheStoreIsBusyThenTheyShareOneBatchedCall()
      throws Exception {
    List<Collection<String>> calls = new CopyOnWriteArrayList<>();
    CountDownLatch firstCallStarted = new CountDownLatch(1);
    TokenStatusStore store =
        new TokenStatusStore() {
          @Override
          public VersionedStatus status(String jti) {
            throw new AssertionError("the cache asks in batches");
          }

          @Override
          public Map<String, VersionedStatus> statuses(Collection<String> jtis) throws Exception {
            calls.add(List.copyOf(jtis));
            firstCallStarted.countDown();
            release.await();
            Map<String, VersionedStatus> out = new java.util.HashMap<>();
            jtis.forEach(j -> out.put(j, States.of("id-" + j, TokenStatus.ACTIVE, 0)));
            return out;
          }
        };
    StatusCache cache =
        track(
            StatusCache.builder(store)
                .ticker(clock.ticker())
                .maxConcurrentLoads(1)
                .maxBatchSize(50)
                .storeTimeout(Duration.ofSeconds(10))
                .build());
    int jtis = 120;
    ExecutorService pool = Executors.newFixedThreadPool(jtis + 1);
    try {
      List<Future<VersionedStatus>> answers = new ArrayList<>();
      answers.add(pool.submit(() -> cache.status("j0")));
      firstCallStarted.await(5, TimeUnit.SECONDS);
      for (int i = 1; i <= jtis; i++) {
        String jti = "j" + i;
        answers.add(pool.submit(() -> cache.status(jti)));
      }
      await(() -> cache.stats().misses() >= jtis + 1);
      release.countDown();
      for (Future<VersionedStatus> answer : answers) {
        assertThat(answer.get(5, TimeUnit.SECONDS).status()).isEqualTo(TokenStatus.ACTIVE);
      }
    } finally {
      pool.shutdownNow();
    }
    // One call for j0, then the 120 that queued meanwhile in batches of at most 50.
    assertThat(calls).hasSize(4);
    assertThat(calls.get(0)).containsExactly("j0");
    assertThat(calls.subList(1, 4)).allSatisfy(c -> assertThat(c.size()).isLessThanOrEqualTo(50));
    assertThat(calls.stream().mapToInt(Collection::size).sum()).isEqualTo(jtis + 1);
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
  void statusWhenAnAnswerArrivesAfterItsLookupTimedOutThenItIsNotCached() {
    AtomicInteger calls = new AtomicInteger();
    StatusCache cache =
        track(
            StatusCache.builder(
                    jti -> {
                      if (calls.incrementAndGet() == 1) {
                        release
                            .await(); // answers after the timeout; it may predate a change nobody
                        // applied
                      }
                      return ACTIVE;
                    })
                .ticker(clock.ticker())
                .storeTimeout(Duration.ofMillis(500))
                .build());
    assertThat(reasonOf(() -> cache.status("j1"))).isEqualTo(Reason.STORE_UNAVAILABLE);

    release.countDown();

    assertThat(cache.status("j1")).isEqualTo(ACTIVE);
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void statusWhenTooManyDistinctLookupsWaitThenFurtherOnesAreUnavailableAtOnce() {
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
                .maxPendingLoads(1)
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
    cache.record("j1", States.of("id-1", TokenStatus.SUSPENDED, 99));

    assertThat(cache.status("j1")).isEqualTo(REVOKED);
  }

  @Test
  void recordWhenStatesArriveOutOfOrderThenTheNewestVersionWins() {
    StatusCache cache = cache(new FakeStatusStore());
    cache.record("j1", SUSPENDED);
    cache.record("j1", ACTIVE); // older: ignored
    assertThat(cache.status("j1")).isEqualTo(SUSPENDED);

    cache.record("j1", ACTIVE_AGAIN);
    assertThat(cache.status("j1")).isEqualTo(ACTIVE_AGAIN);
    cache.record("j1", SUSPENDED); // older: ignored
    assertThat(cache.status("j1")).isEqualTo(ACTIVE_AGAIN);
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
  void statusWhenANewerStateIsRecordedWhileAnOlderLoadIsInFlightThenTheNewerStateWins()
      throws Exception {
    AtomicInteger calls = new AtomicInteger();
    StatusCache cache =
        cache(
            jti -> {
              calls.incrementAndGet();
              release.await();
              return ACTIVE; // version 1, read before the suspension below
            });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<VersionedStatus> inFlight = pool.submit(() -> cache.status("j1"));
      await(() -> calls.get() == 1);
      cache.record("j1", SUSPENDED);
      release.countDown();

      assertThat(inFlight.get(5, TimeUnit.SECONDS)).isEqualTo(SUSPENDED);
      assertThat(cache.status("j1")).isEqualTo(SUSPENDED);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void statusWhenTheAnswerIsOlderThanRefreshAfterThenItIsReadAgainBeforeItServes() {
    FakeStatusStore store = new FakeStatusStore().set("j1", TokenStatus.SUSPENDED);
    StatusCache cache = cache(store);
    cache.record("j1", ACTIVE);

    clock.advance(Duration.ofSeconds(5));
    assertThat(cache.status("j1").status()).isEqualTo(TokenStatus.ACTIVE);
    assertThat(store.calls()).isZero();

    clock.advance(Duration.ofMillis(1));
    assertThat(cache.status("j1").status()).isEqualTo(TokenStatus.SUSPENDED);
    assertThat(store.calls()).isEqualTo(1);
  }

  @Test
  void statusWhenStoreIsDownThenServesStaleUpToMaxStalenessThenStoreUnavailable() {
    FakeStatusStore store = new FakeStatusStore().set("j1", TokenStatus.ACTIVE);
    StatusCache cache = cache(store);
    cache.record("j1", store.stateOf("j1"));
    store.failing(true);

    clock.advance(Duration.ofSeconds(10));
    assertThat(cache.status("j1").status()).isEqualTo(TokenStatus.ACTIVE);
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(20)); // 30 s: the bound itself still serves
    assertThat(cache.status("j1").status()).isEqualTo(TokenStatus.ACTIVE);
    assertThat(cache.stats().staleServed()).isEqualTo(2);

    clock.advance(Duration.ofMillis(1));
    assertThat(reasonOf(() -> cache.status("j1"))).isEqualTo(Reason.STORE_UNAVAILABLE);

    store.failing(false);
    assertThat(cache.status("j1").status()).isEqualTo(TokenStatus.ACTIVE);
  }

  @Test
  void statusWhenAReloadSucceedsThenTheStalenessBoundRestarts() {
    FakeStatusStore store = new FakeStatusStore().set("j1", TokenStatus.SUSPENDED);
    StatusCache cache = cache(store);
    cache.record("j1", ACTIVE);
    clock.advance(Duration.ofSeconds(20));
    assertThat(cache.status("j1").status()).isEqualTo(TokenStatus.SUSPENDED);
    store.failing(true);

    clock.advance(Duration.ofSeconds(30)); // 50 s after the first answer, 30 s after the reload
    assertThat(cache.status("j1").status()).isEqualTo(TokenStatus.SUSPENDED);
    clock.advance(Duration.ofMillis(1));
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
  void aCacheWithNoPollerIsNotAnchored() {
    assertThat(cache(new FakeStatusStore()).isAnchored()).isFalse();
  }

  @Test
  void builderWhenAnOptionIsInvalidThenTheMessageNamesIt() {
    FakeStatusStore store = new FakeStatusStore();
    assertThatThrownBy(() -> StatusCache.builder(store).maximumSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximumSize");
    assertThatThrownBy(() -> StatusCache.builder(store).refreshAfter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refreshAfter");
    assertThatThrownBy(() -> StatusCache.builder(store).maxStaleness(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxStaleness");
    assertThatThrownBy(() -> StatusCache.builder(store).storeTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storeTimeout");
    assertThatThrownBy(() -> StatusCache.builder(store).maxConcurrentLoads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrentLoads");
    assertThatThrownBy(() -> StatusCache.builder(store).maxBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBatchSize");
    assertThatThrownBy(() -> StatusCache.builder(store).maxPendingLoads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPendingLoads");
    assertThatThrownBy(() -> StatusCache.builder(store).ticker(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("ticker");
    assertThatThrownBy(() -> StatusCache.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("store");
    assertThatThrownBy(
            () ->
                StatusCache.builder(store)
                    .refreshAfter(Duration.ofSeconds(30))
                    .maxStaleness(Duration.ofSeconds(30))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxStaleness")
        .hasMessageContaining("refreshAfter");
  }
}
