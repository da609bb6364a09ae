package dev.dzauth.spring.boot.actuate;

import dev.dzauth.DzAuthException;
import dev.dzauth.spring.DzAuthObserver;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.token.TokenVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Micrometer meters of dz-auth:
 *
 * <ul>
 *   <li>{@code dz.auth.verifications} (counter), tag {@code outcome}: {@code success} or the
 *       lower-case failure reason ({@code expired}, {@code revoked}, {@code store_unavailable}, …);
 *   <li>{@code dz.auth.cache.verified.hit.ratio} and {@code dz.auth.cache.status.hit.ratio}
 *       (gauges) and {@code dz.auth.cache.gets} (counter, tag {@code result}: {@code hit}/{@code
 *       miss}), tag {@code cache}: {@code verified} or {@code status};
 *   <li>{@code dz.auth.store.calls} (timer), tags {@code operation} and {@code outcome} ({@code
 *       success}/{@code failure});
 *   <li>with a status feed poller, {@code dz.auth.feed.lag} (seconds since the last successful
 *       poll), {@code dz.auth.feed.sequence}, {@code dz.auth.feed.anchored} (1 while cached
 *       statuses are vouched for by the feed, 0 in fallback), {@code dz.auth.feed.doorbell} (1
 *       while a doorbell listens, 0 otherwise) and {@code dz.auth.feed.gaps} (pruned entries
 *       found);
 *   <li>{@code dz.auth.status.store.calls} (counter: store calls of the status cache, each a batch)
 *       and {@code dz.auth.status.stale.served} (answers served past refreshAfter while the store
 *       did not answer).
 * </ul>
 */
final class DzAuthMetrics implements MeterBinder, DzAuthObserver {

  private final ObjectProvider<TokenVerifier> verifier;
  private final ObjectProvider<StatusCache> statuses;
  private final ObjectProvider<StatusFeedPoller> poller;
  private volatile @Nullable MeterRegistry registry;
  private volatile @Nullable Counter success;
  private final Map<DzAuthException.Reason, Counter> failures =
      new EnumMap<>(DzAuthException.Reason.class);
  private final Map<String, Timer> storeTimers = new ConcurrentHashMap<>();

  /** Resolved when bound, after every singleton exists: the caches depend on this observer. */
  DzAuthMetrics(
      ObjectProvider<TokenVerifier> verifier,
      ObjectProvider<StatusCache> statuses,
      ObjectProvider<StatusFeedPoller> poller) {
    this.verifier = verifier;
    this.statuses = statuses;
    this.poller = poller;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    TokenVerifier verifier = this.verifier.getIfUnique();
    StatusCache statuses = this.statuses.getIfUnique();
    synchronized (failures) {
      for (DzAuthException.Reason r : DzAuthException.Reason.values()) {
        failures.put(r, verifications(registry, r.name().toLowerCase(Locale.ROOT)));
      }
      success = verifications(registry, "success");
    }
    this.registry = registry;
    StatusFeedPoller feed = this.poller.getIfUnique();
    if (feed != null) {
      Gauge.builder("dz.auth.feed.lag", feed, f -> f.lag().sinceLastSuccess().toNanos() / 1e9)
          .baseUnit("seconds")
          .description("Time since the status feed was last read successfully")
          .register(registry);
      Gauge.builder("dz.auth.feed.sequence", feed, f -> f.lag().lastSequence())
          .description("Sequence of the last status change applied from the feed")
          .register(registry);
      Gauge.builder("dz.auth.feed.anchored", feed, f -> f.lag().anchored() ? 1 : 0)
          .description("1 while cached statuses are vouched for by the feed, 0 in fallback")
          .register(registry);
      Gauge.builder(
              "dz.auth.feed.doorbell",
              feed,
              f -> f.lag().doorbell() == StatusFeedPoller.DoorbellState.LISTENING ? 1 : 0)
          .description("1 while a doorbell listens for status changes")
          .register(registry);
      FunctionCounter.builder("dz.auth.feed.gaps", feed, f -> f.lag().gaps())
          .description("Times the feed reader found entries pruned before it read them")
          .register(registry);
    }
    if (verifier == null || statuses == null) {
      return;
    }
    // One name per cache: a ratio summed over tags (what an untagged query shows) means nothing.
    Gauge.builder("dz.auth.cache.verified.hit.ratio", verifier, v -> v.stats().hitRatio())
        .description("Hit ratio of the verified-token cache")
        .register(registry);
    Gauge.builder("dz.auth.cache.status.hit.ratio", statuses, s -> s.stats().hitRatio())
        .description("Hit ratio of the token status cache")
        .register(registry);
    FunctionCounter.builder("dz.auth.cache.gets", verifier, v -> v.stats().hits())
        .tags("cache", "verified", "result", "hit")
        .register(registry);
    FunctionCounter.builder("dz.auth.cache.gets", verifier, v -> v.stats().misses())
        .tags("cache", "verified", "result", "miss")
        .register(registry);
    FunctionCounter.builder("dz.auth.cache.gets", statuses, s -> s.stats().hits())
        .tags("cache", "status", "result", "hit")
        .register(registry);
    FunctionCounter.builder("dz.auth.cache.gets", statuses, s -> s.stats().misses())
        .tags("cache", "status", "result", "miss")
        .register(registry);
    FunctionCounter.builder("dz.auth.status.store.calls", statuses, s -> s.stats().storeCalls())
        .description("Store calls of the status cache (each answers a batch of lookups)")
        .register(registry);
    FunctionCounter.builder("dz.auth.status.stale.served", statuses, s -> s.stats().staleServed())
        .description("Statuses served past refreshAfter because the store did not answer")
        .register(registry);
  }

  private static Counter verifications(MeterRegistry registry, String outcome) {
    return Counter.builder("dz.auth.verifications")
        .description("Token verifications by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  @Override
  public void verification(DzAuthException.@Nullable Reason failure, long nanos) {
    Counter c = failure == null ? success : failures.get(failure);
    if (c != null) {
      c.increment();
    }
  }

  @Override
  public void storeCall(String operation, long nanos, boolean ok) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    String key = operation + (ok ? "+" : "-");
    storeTimers
        .computeIfAbsent(
            key,
            k ->
                Timer.builder("dz.auth.store.calls")
                    .description("Latency of token store calls")
                    .tags("operation", operation, "outcome", ok ? "success" : "failure")
                    .register(r))
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
