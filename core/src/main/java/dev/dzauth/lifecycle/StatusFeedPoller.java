package dev.dzauth.lifecycle;

import dev.dzauth.status.StatusCache;
import dev.dzauth.status.TokenState;
import dev.dzauth.store.TokenStore;
import dev.dzauth.store.TokenStore.StatusChange;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one instance's {@link StatusCache} in step with status changes made on other instances:
 * polls the store's feed ({@link TokenStore#changesSince}) every {@link Builder#pollInterval}
 * (default 1 s) and writes each change through to the cache, in feed order.
 *
 * <ul>
 *   <li>A new poller starts at the feed's current end ({@link TokenStore#latestSequence}): a fresh
 *       instance's cache is empty, so older changes are read from the store on a miss anyway.
 *   <li>Worst-case staleness of a status on this instance, for a change made on another one, while
 *       the store answers: the poll interval plus one feed query (bounded by the store's query
 *       timeout). While the store does not answer, polls fail and are retried at the same interval;
 *       cached answers keep serving for at most the cache's {@code maxStaleness} after their last
 *       successful load, then verification fails closed; when the store is back the poller resumes
 *       from the last sequence it applied, so no change is lost.
 *   <li>{@link #lag()} tells, for metrics, how long ago the last successful poll was and how far
 *       the feed was read.
 * </ul>
 *
 * <p>Thread-safe. {@link #start()} runs polls on one daemon thread; {@link #pollOnce()} runs one
 * poll on the caller's thread (tests, or a scheduler of your own). {@link #close()} stops it; it
 * closes neither the store nor the cache.
 */
public final class StatusFeedPoller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusFeedPoller.class);

  private final TokenStore store;
  private final StatusCache statuses;
  private final Duration pollInterval;
  private final int batchSize;
  private final LongSupplier ticker;
  private static final long NEVER = Long.MIN_VALUE;
  private static final long PRUNE_EVERY_NANOS = TimeUnit.HOURS.toNanos(1);

  private final @Nullable Duration feedRetention;
  private final Clock clock;
  private long lastPruneNanos = NEVER;
  private final Object pollLock = new Object();
  private final long createdAt;
  private volatile boolean positioned;
  private volatile long lastSequence;
  private volatile long lastSuccessNanos;
  private volatile boolean everSucceeded;
  private volatile long consecutiveFailures;
  private volatile long applied;
  private volatile ScheduledExecutorService scheduler;

  private StatusFeedPoller(Builder b) {
    this.store = b.store;
    this.statuses = b.statuses;
    this.pollInterval = b.pollInterval;
    this.batchSize = b.batchSize;
    this.ticker = b.ticker;
    this.feedRetention = b.feedRetention;
    this.clock = b.clock;
    this.createdAt = ticker.getAsLong();
  }

  /** A builder for a poller reading {@code store}'s feed into {@code statuses}. */
  public static Builder builder(TokenStore store, StatusCache statuses) {
    return new Builder(store, statuses);
  }

  /**
   * Polls once on the caller's thread (so the reader is positioned before the instance serves,
   * when the store answers), then every {@link Builder#pollInterval} on a daemon thread.
   * Idempotent.
   */
  public synchronized StatusFeedPoller start() {
    if (scheduler == null) {
      pollOnce();
      scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dz-auth-status-feed");
        t.setDaemon(true);
        return t;
      });
      long every = pollInterval.toNanos();
      scheduler.scheduleWithFixedDelay(this::pollOnce, every, every, TimeUnit.NANOSECONDS);
    }
    return this;
  }

  /**
   * Reads the feed to its end and applies every change to the cache.
   *
   * @return whether the store answered; a failure is logged (once per outage) and retried by the
   *     next poll, never thrown
   */
  public boolean pollOnce() {
    synchronized (pollLock) {
      try {
        if (!positioned) {
          lastSequence = store.latestSequence();
          positioned = true;
        }
        List<StatusChange> batch;
        do {
          batch = store.changesSince(lastSequence, batchSize);
          for (StatusChange c : batch) {
            statuses.record(c.jti(), TokenState.of(c.tokenId(), c.status()));
            lastSequence = c.sequence();
            applied++;
          }
        } while (batch.size() >= batchSize);
        lastSuccessNanos = ticker.getAsLong();
        everSucceeded = true;
        pruneIfDue(lastSuccessNanos);
        if (consecutiveFailures > 0) {
          LOG.info("status feed readable again after {} failed polls, at sequence {}",
              consecutiveFailures, lastSequence);
        }
        consecutiveFailures = 0;
        return true;
      } catch (Exception | LinkageError e) {
        if (consecutiveFailures++ == 0) {
          LOG.warn("cannot read the token status feed after sequence {}; retrying every {}: {}",
              lastSequence, pollInterval, e.toString());
        }
        return false;
      }
    }
  }

  private void pruneIfDue(long nowNanos) throws Exception {
    if (feedRetention == null || (lastPruneNanos != NEVER && nowNanos - lastPruneNanos < PRUNE_EVERY_NANOS)) {
      return;
    }
    lastPruneNanos = nowNanos;
    long removed = store.pruneStatusFeed(clock.instant().minus(feedRetention));
    if (removed > 0) {
      LOG.debug("pruned {} status feed entries older than {}", removed, feedRetention);
    }
  }

  /** The current lag, for metrics. */
  public Lag lag() {
    long since = ticker.getAsLong() - (everSucceeded ? lastSuccessNanos : createdAt);
    return new Lag(lastSequence, Duration.ofNanos(Math.max(0, since)), everSucceeded,
        consecutiveFailures, applied);
  }

  /** The poll interval. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** Stops polling. */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  /**
   * The feed reader's position and health.
   *
   * @param lastSequence the sequence of the last change applied (or where reading started)
   * @param sinceLastSuccess time since the last successful poll (since creation if none yet)
   * @param everSucceeded whether a poll has succeeded yet
   * @param consecutiveFailures failed polls since the last successful one
   * @param appliedChanges changes applied to the cache since start
   */
  public record Lag(
      long lastSequence,
      Duration sinceLastSuccess,
      boolean everSucceeded,
      long consecutiveFailures,
      long appliedChanges) {}

  /** Configures a {@link StatusFeedPoller}. */
  public static final class Builder {
    private final TokenStore store;
    private final StatusCache statuses;
    private Duration pollInterval = Duration.ofSeconds(1);
    private int batchSize = 500;
    private LongSupplier ticker = System::nanoTime;
    private @Nullable Duration feedRetention = Duration.ofDays(7);
    private Clock clock = Clock.systemUTC();

    private Builder(TokenStore store, StatusCache statuses) {
      this.store = Objects.requireNonNull(store, "store");
      this.statuses = Objects.requireNonNull(statuses, "statuses");
    }

    /** How often the feed is read; default 1 s. Part of the staleness bound. */
    public Builder pollInterval(Duration pollInterval) {
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
      }
      this.pollInterval = pollInterval;
      return this;
    }

    /** How many changes one feed query reads at most; default 500. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** The nanosecond time source of {@link #lag()}, for tests; default {@link System#nanoTime()}. */
    public Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * How long feed entries are kept: about once an hour the poller removes older ones
     * ({@link TokenStore#pruneStatusFeed}); default 7 days; {@code null} never prunes (prune
     * elsewhere then).
     */
    public Builder feedRetention(@Nullable Duration retention) {
      if (retention != null && (retention.isNegative() || retention.compareTo(Duration.ofMinutes(1)) < 0)) {
        throw new IllegalArgumentException("feedRetention must be at least 1 minute, got " + retention);
      }
      this.feedRetention = retention;
      return this;
    }

    /** The wall clock the retention is measured with; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the poller; call {@link StatusFeedPoller#start()} to start polling. */
    public StatusFeedPoller build() {
      return new StatusFeedPoller(this);
    }
  }
}
