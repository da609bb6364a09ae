package dev.dzauth.status;

import dev.dzauth.status.StatusCache.Anchor;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a store's {@link StatusFeed} for one instance's {@link StatusCache}: applies every
 * change, in order, and anchors the cache on the feed, so cached answers are exact up to the last
 * poll and need no per-token refresh.
 *
 * <p><b>The guarantee</b> (tested in {@code FeedAnchoredStatusTests}): a change committed at time
 * {@code t} is applied on this instance by {@code t + pollInterval + one feed query} while polls
 * succeed — sooner when a {@link Doorbell} rings. A hit is served from the feed's word only while
 * the last poll that read to the feed's end started at most {@link Builder#maxLag} ago; past that
 * (an outage, a stuck poller) the cache falls back to bounded staleness, at most its {@code
 * maxStaleness}, and fails closed beyond it.
 *
 * <ul>
 *   <li>A new poller starts at the feed's end ({@link StatusFeed#latestSequence}): answers the
 *       cache loaded before are not vouched for, and are read again after the cache's {@code
 *       refreshAfter}.
 *   <li>The feed is gap-free; a poller that finds a gap (entries pruned before it read them) starts
 *       a new epoch: answers of the old one are no longer vouched for and are read again.
 *   <li>After an outage the poller resumes from the last sequence it applied: no change is lost.
 *   <li>The poller also prunes feed entries older than {@link Builder#feedRetention}, about hourly.
 * </ul>
 *
 * <p>Thread-safe. {@link #start()} polls on one daemon thread; {@link #pollOnce()} runs one poll on
 * the caller's thread (tests, or a scheduler of your own). {@link #close()} stops it, and the
 * doorbell; it closes neither the store nor the cache.
 */
public final class StatusFeedPoller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusFeedPoller.class);
  private static final AtomicLong EPOCHS = new AtomicLong();
  private static final long NEVER = Long.MIN_VALUE;
  private static final long PRUNE_EVERY_NANOS = TimeUnit.HOURS.toNanos(1);

  private final StatusFeed feed;
  private final StatusCache statuses;
  private final Duration pollInterval;
  private final long maxLagNanos;
  private final int batchSize;
  private final LongSupplier ticker;
  private final @Nullable Doorbell doorbell;
  private final @Nullable Duration feedRetention;
  private final Clock clock;
  private final long createdAt;

  private final Object pollLock = new Object();
  private final ReentrantLock wakeLock = new ReentrantLock();
  private final Condition wakeUp = wakeLock.newCondition();
  private boolean woken; // guarded by wakeLock
  private long epoch = Anchor.NO_EPOCH; // guarded by pollLock
  private long startSequence; // guarded by pollLock
  private long lastPruneNanos = NEVER; // guarded by pollLock
  private volatile long lastSequence;
  private volatile long lastPollNanos;
  private volatile boolean everSucceeded;
  private volatile long consecutiveFailures;
  private volatile long applied;
  private volatile long gaps;
  private volatile boolean running;
  private boolean closed; // guarded by pollLock
  private @Nullable Thread thread; // guarded by this

  private StatusFeedPoller(Builder b) {
    this.feed = b.feed;
    this.statuses = b.statuses;
    this.pollInterval = b.pollInterval;
    this.maxLagNanos = (b.maxLag != null ? b.maxLag : b.pollInterval.plusSeconds(2)).toNanos();
    this.batchSize = b.batchSize;
    this.ticker = b.statuses.ticker(); // the anchor is compared on the cache's ticker
    this.doorbell = b.doorbell;
    this.feedRetention = b.feedRetention;
    this.clock = b.clock;
    this.createdAt = ticker.getAsLong();
  }

  /** A builder for a poller reading {@code feed} into {@code statuses}. */
  public static Builder builder(StatusFeed feed, StatusCache statuses) {
    return new Builder(feed, statuses);
  }

  /**
   * Polls once on the caller's thread (so the cache is anchored before the instance serves, when
   * the store answers), then every {@link Builder#pollInterval} and at every doorbell ring on a
   * daemon thread; starts the doorbell. Idempotent.
   */
  public synchronized StatusFeedPoller start() {
    if (thread == null) {
      running = true;
      pollOnce();
      Thread t = new Thread(this::run, "dz-auth-status-feed");
      t.setDaemon(true);
      thread = t;
      t.start();
      if (doorbell != null) {
        statuses.onRecord(doorbell::changed);
        doorbell.start(this::wake);
      }
    }
    return this;
  }

  /** Asks for a poll now (a doorbell's ring); several rings before it runs make one poll. */
  public void wake() {
    wakeLock.lock();
    try {
      woken = true;
      wakeUp.signal();
    } finally {
      wakeLock.unlock();
    }
  }

  private void run() {
    long intervalNanos = pollInterval.toNanos();
    long next = System.nanoTime() + intervalNanos;
    while (running) {
      wakeLock.lock();
      try {
        long wait;
        while (running && !woken && (wait = next - System.nanoTime()) > 0) {
          wakeUp.awaitNanos(wait);
        }
        woken = false;
      } catch (InterruptedException e) {
        return;
      } finally {
        wakeLock.unlock();
      }
      if (!running) {
        return;
      }
      long started = System.nanoTime();
      pollOnce();
      // Fixed rate: the next poll is due one interval after this one started, so a change waits
      // at most one interval plus one query, however long this poll took.
      next = Math.max(started + intervalNanos, System.nanoTime());
    }
  }

  /**
   * Reads the feed to its end, applies every change to the cache, and re-anchors it.
   *
   * @return whether the store answered; a failure is logged (once per outage) and retried by the
   *     next poll, never thrown
   */
  public boolean pollOnce() {
    synchronized (pollLock) {
      if (closed) {
        return false; // never re-anchor a cache after close()
      }
      try {
        if (epoch == Anchor.NO_EPOCH) {
          long positionedAt = ticker.getAsLong();
          long latest = feed.latestSequence();
          beginEpoch(latest, positionedAt);
          lastSequence = latest;
        }
        List<FeedEntry> batch;
        long queryStart;
        do {
          queryStart = ticker.getAsLong();
          batch = feed.changesSince(lastSequence, batchSize);
          for (FeedEntry c : batch) {
            if (c.sequence() <= lastSequence) {
              continue; // a store that repeats an entry: already applied
            }
            if (c.sequence() != lastSequence + 1) {
              gaps++;
              LOG.warn(
                  "status feed entries {} to {} were pruned before this instance read them;"
                      + " cached answers are read again from the store",
                  lastSequence + 1,
                  c.sequence() - 1);
              // A new epoch, published only when this poll reaches the end: until then the old
              // anchor stays true (the pruned entries were committed after its last full poll).
              epoch = EPOCHS.incrementAndGet();
              startSequence = c.sequence() - 1;
            }
            statuses.apply(c, epoch, queryStart);
            lastSequence = c.sequence();
            applied++;
          }
        } while (batch.size() >= batchSize);
        lastPollNanos = queryStart;
        everSucceeded = true;
        statuses.anchor(new Anchor(epoch, startSequence, queryStart, maxLagNanos));
        if (consecutiveFailures > 0) {
          LOG.info(
              "status feed readable again after {} failed polls, at sequence {}",
              consecutiveFailures,
              lastSequence);
        }
        consecutiveFailures = 0;
        pruneIfDue(queryStart);
        return true;
      } catch (Exception | LinkageError e) {
        if (consecutiveFailures++ == 0) {
          LOG.warn(
              "cannot read the token status feed after sequence {}; retrying every {}: {}",
              lastSequence,
              pollInterval,
              e.toString());
        }
        return false;
      }
    }
  }

  /**
   * Starts a run of gap-free reading after {@code sequence}: answers of earlier runs lose their
   * anchor.
   */
  private void beginEpoch(long sequence, long atNanos) {
    epoch = EPOCHS.incrementAndGet();
    startSequence = sequence;
    statuses.anchor(new Anchor(epoch, sequence, atNanos, maxLagNanos));
  }

  private void pruneIfDue(long nowNanos) {
    if (feedRetention == null
        || (lastPruneNanos != NEVER && nowNanos - lastPruneNanos < PRUNE_EVERY_NANOS)) {
      return;
    }
    lastPruneNanos = nowNanos;
    try {
      long removed = feed.pruneStatusFeed(clock.instant().minus(feedRetention));
      if (removed > 0) {
        LOG.debug("pruned {} status feed entries older than {}", removed, feedRetention);
      }
    } catch (Exception e) {
      LOG.debug("pruning the status feed failed, retried in an hour: {}", e.toString());
    }
  }

  /** The reader's position and health, for metrics and health checks. */
  public Lag lag() {
    long since = ticker.getAsLong() - (everSucceeded ? lastPollNanos : createdAt);
    Doorbell d = doorbell;
    return new Lag(
        lastSequence,
        Duration.ofNanos(Math.max(0, since)),
        everSucceeded,
        consecutiveFailures,
        applied,
        statuses.isAnchored(),
        gaps,
        d == null
            ? DoorbellState.NONE
            : d.isListening() ? DoorbellState.LISTENING : DoorbellState.NOT_LISTENING);
  }

  /** The poll interval. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** The lag within which the last poll vouches for cached answers. */
  public Duration maxLag() {
    return Duration.ofNanos(maxLagNanos);
  }

  /** Stops polling and the doorbell; the cache is no longer anchored on the feed. */
  @Override
  public synchronized void close() {
    running = false;
    Thread t = thread;
    thread = null;
    if (t != null) {
      t.interrupt();
    }
    if (doorbell != null) {
      doorbell.close();
    }
    synchronized (pollLock) {
      closed = true;
      epoch = Anchor.NO_EPOCH;
      statuses.anchor(Anchor.NONE);
    }
  }

  /** Whether a doorbell is configured, and whether it listens now. */
  public enum DoorbellState {
    /** No doorbell: changes arrive within the poll interval. */
    NONE,
    /** Connected and receiving: changes arrive in milliseconds. */
    LISTENING,
    /** Configured but not receiving now (reconnecting): the poll interval is the bound. */
    NOT_LISTENING
  }

  /**
   * The feed reader's position and health.
   *
   * @param lastSequence the sequence of the last change applied (or where reading started)
   * @param sinceLastSuccess time since the start of the last poll that read to the feed's end
   *     (since creation if none yet)
   * @param everSucceeded whether a poll has succeeded yet
   * @param consecutiveFailures failed polls since the last successful one
   * @param appliedChanges changes applied to the cache since start
   * @param anchored whether the cache's answers are vouched for by the feed now ({@code false}:
   *     fallback to bounded staleness)
   * @param gaps how many times the reader found entries pruned before it read them
   * @param doorbell the doorbell's state
   */
  public record Lag(
      long lastSequence,
      Duration sinceLastSuccess,
      boolean everSucceeded,
      long consecutiveFailures,
      long appliedChanges,
      boolean anchored,
      long gaps,
      DoorbellState doorbell) {}

  /** Configures a {@link StatusFeedPoller}. */
  public static final class Builder {
    private final StatusFeed feed;
    private final StatusCache statuses;
    private Duration pollInterval = Duration.ofSeconds(1);
    private @Nullable Duration maxLag;
    private int batchSize = 500;
    private @Nullable Doorbell doorbell;
    private @Nullable Duration feedRetention = Duration.ofDays(7);
    private Clock clock = Clock.systemUTC();

    private Builder(StatusFeed feed, StatusCache statuses) {
      this.feed = Objects.requireNonNull(feed, "feed");
      this.statuses = Objects.requireNonNull(statuses, "statuses");
    }

    /** How often the feed is read (fixed rate); default 1 s. Part of the propagation bound. */
    public Builder pollInterval(Duration pollInterval) {
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
      }
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * How long after the start of the last poll that read to the feed's end the cache's answers are
     * still vouched for; past it the cache falls back to bounded staleness. Default the poll
     * interval plus 2 s (one feed query at the default query timeout); must exceed the poll
     * interval. It is the most any served answer can lag behind the store while anchored.
     */
    public Builder maxLag(Duration maxLag) {
      if (maxLag.isNegative() || maxLag.isZero()) {
        throw new IllegalArgumentException("maxLag must be positive, got " + maxLag);
      }
      this.maxLag = maxLag;
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

    /** A doorbell that wakes the poller when a change commits; default none. */
    public Builder doorbell(@Nullable Doorbell doorbell) {
      this.doorbell = doorbell;
      return this;
    }

    /**
     * How long feed entries are kept: about once an hour the poller removes older ones ({@link
     * StatusFeed#pruneStatusFeed}); default 7 days; {@code null} never prunes (prune elsewhere
     * then).
     */
    public Builder feedRetention(@Nullable Duration retention) {
      if (retention != null
          && (retention.isNegative() || retention.compareTo(Duration.ofMinutes(1)) < 0)) {
        throw new IllegalArgumentException(
            "feedRetention must be at least 1 minute, got " + retention);
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
      if (maxLag != null && maxLag.compareTo(pollInterval) <= 0) {
        throw new IllegalArgumentException(
            "maxLag (" + maxLag + ") must be longer than pollInterval (" + pollInterval + ")");
      }
      return new StatusFeedPoller(this);
    }
  }
}
