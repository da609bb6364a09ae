package dev.dzauth.lifecycle;

import dev.dzauth.store.TokenEvent;
import dev.dzauth.store.TokenEventLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives what the stored lifecycle events are for, on one instance of a fleet: delivery to a {@link
 * TokenEventListener} (the store's event log is the outbox), expiry warnings, and retention.
 *
 * <ul>
 *   <li><b>Delivery</b>: every {@link Builder#pollInterval} (default 1 s) it claims due events for
 *       a {@link Builder#lease} (default 5 min) and calls the listener after their changes
 *       committed: at least once, never on two instances at the same time while the lease runs, the
 *       same event id on every attempt. A failed call is retried after a backoff of {@link
 *       Builder#initialBackoff} doubling to {@link Builder#maxBackoff} (1 s to 1 h). Restarts lose
 *       nothing: the events are rows. Without a listener nothing is delivered; a listener added
 *       later receives the events still kept.
 *   <li><b>Expiry warnings</b>: every {@link Builder#expiryScanInterval} (default 1 min) it writes
 *       an {@code expiring_soon} event for each active token within each {@link
 *       Builder#expiryWarnings lead time} (default 7 days and 1 day) of its expiry: once per token
 *       and lead time across all instances (the store guarantees it).
 *   <li><b>Retention</b>: about once an hour, events older than {@link Builder#retention} (default
 *       90 days) are removed, delivered or not (an event still undelivered then is counted and
 *       logged).
 * </ul>
 *
 * Thread-safe; one daemon thread. Every failure is logged (once per run of failures) and retried by
 * the next round, never thrown.
 */
public final class EventOutbox implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventOutbox.class);
  private static final long PRUNE_EVERY_MILLIS = Duration.ofHours(1).toMillis();

  private final TokenEventLog log;
  private final @Nullable TokenEventListener listener;
  private final Clock clock;
  private final String claimer;
  private final Duration pollInterval;
  private final Duration lease;
  private final int batchSize;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final List<Duration> expiryWarnings;
  private final Duration expiryScanInterval;
  private final Duration retention;
  private final ScheduledExecutorService runner;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong warnings = new AtomicLong();
  private volatile boolean failing;
  private volatile long lastScanMillis = Long.MIN_VALUE;
  private volatile long lastPruneMillis = Long.MIN_VALUE;
  private volatile boolean started;

  private EventOutbox(Builder b) {
    this.log = b.log;
    this.listener = b.listener;
    this.clock = b.clock;
    this.claimer = b.claimer;
    this.pollInterval = b.pollInterval;
    this.lease = b.lease;
    this.batchSize = b.batchSize;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.expiryWarnings = List.copyOf(b.expiryWarnings);
    this.expiryScanInterval = b.expiryScanInterval;
    this.retention = b.retention;
    this.runner =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dz-auth-events");
              t.setDaemon(true);
              return t;
            });
  }

  /** A builder for an outbox over {@code log} (a {@code TokenStore} is one). */
  public static Builder builder(TokenEventLog log) {
    return new Builder(log);
  }

  /** Starts the rounds on the outbox's thread. Idempotent. */
  public synchronized EventOutbox start() {
    if (!started) {
      started = true;
      long every = pollInterval.toMillis();
      runner.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** Asks for a delivery round soon (after a change on this instance). */
  public void wake() {
    if (started && listener != null) {
      try {
        runner.execute(this::deliverQuietly);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        // closed: nothing to deliver any more
      }
    }
  }

  private void round() {
    long now = clock.millis();
    if (lastScanMillis == Long.MIN_VALUE || now - lastScanMillis >= expiryScanInterval.toMillis()) {
      lastScanMillis = now;
      guarded("write expiry warnings", this::warnOnce);
    }
    deliverQuietly();
    if (lastPruneMillis == Long.MIN_VALUE || now - lastPruneMillis >= PRUNE_EVERY_MILLIS) {
      lastPruneMillis = now;
      guarded("prune events", this::pruneOnce);
    }
  }

  private void deliverQuietly() {
    guarded(
        "deliver events",
        () -> {
          while (deliverOnce() == batchSize) {
            // a full batch: more may be due
          }
        });
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  private void guarded(String what, Work work) {
    try {
      work.run();
      if (failing) {
        failing = false;
        LOG.info("lifecycle events: the store answers again");
      }
    } catch (Exception | LinkageError e) {
      if (!failing) {
        failing = true;
        LOG.warn("lifecycle events: cannot {} ({}); retrying every {}", what, e, pollInterval);
      }
    }
  }

  /**
   * One delivery round: claims due events and calls the listener for each.
   *
   * @return how many events were claimed (0 without a listener)
   * @throws Exception when the store fails
   */
  public int deliverOnce() throws Exception {
    TokenEventListener l = listener;
    if (l == null) {
      return 0;
    }
    Instant now = clock.instant();
    Instant leaseEnd = now.plus(lease);
    List<TokenEvent> claimed = log.claimEvents(claimer, now, lease, batchSize);
    for (TokenEvent e : claimed) {
      if (!clock.instant().isBefore(leaseEnd)) {
        break; // the lease ran out: another instance may hold these now
      }
      try {
        l.onEvent(e);
      } catch (Exception | LinkageError failure) {
        failures.incrementAndGet();
        Instant retry = clock.instant().plus(backoff(e.attempts()));
        LOG.debug("listener failed on event {} ({}); retry at {}", e.id(), failure, retry);
        log.eventFailed(e.id(), claimer, retry);
        continue;
      }
      log.eventDelivered(e.id(), claimer, clock.instant());
      delivered.incrementAndGet();
    }
    return claimed.size();
  }

  /**
   * Writes the expiry warnings due now, for every lead time.
   *
   * @return how many were written here
   * @throws Exception when the store fails
   */
  public int warnOnce() throws Exception {
    int n = 0;
    Instant now = clock.instant();
    for (Duration lead : expiryWarnings) {
      int written;
      do {
        written = log.warnExpiring(now, lead, 1000);
        n += written;
      } while (written == 1000);
    }
    warnings.addAndGet(n);
    return n;
  }

  /**
   * Removes events older than the retention.
   *
   * @return how many
   * @throws Exception when the store fails
   */
  public long pruneOnce() throws Exception {
    long removed = log.pruneEvents(clock.instant().minus(retention));
    if (removed > 0) {
      LOG.debug("pruned {} lifecycle events older than {}", removed, retention);
    }
    return removed;
  }

  /** The backoff after {@code attempts} failed attempts: initial × 2^attempts, at most the max. */
  Duration backoff(int attempts) {
    Duration d = initialBackoff;
    for (int i = 0; i < attempts && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }

  /** Counters since start: events delivered, failed calls, expiry warnings written here. */
  public Stats stats() {
    return new Stats(delivered.get(), failures.get(), warnings.get());
  }

  /**
   * Counters.
   *
   * @param delivered listener calls that returned
   * @param failures listener calls that threw
   * @param warnings expiry warnings this instance wrote
   */
  public record Stats(long delivered, long failures, long warnings) {}

  /** How often due events are claimed ({@link Builder#pollInterval}). */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** How long a claim keeps an event from other instances ({@link Builder#lease}). */
  public Duration lease() {
    return lease;
  }

  /** The lead times of expiry warnings ({@link Builder#expiryWarnings}); empty for none. */
  public List<Duration> expiryWarnings() {
    return expiryWarnings;
  }

  /** How long events are kept ({@link Builder#retention}). */
  public Duration retention() {
    return retention;
  }

  /** Whether events are delivered to a listener ({@link Builder#listener}). */
  public boolean hasListener() {
    return listener != null;
  }

  /** The claimer id this instance claims events with. */
  public String claimer() {
    return claimer;
  }

  /** Stops the thread; claims held run out on their own. */
  @Override
  public void close() {
    runner.shutdownNow();
  }

  /** Configures an {@link EventOutbox}. */
  public static final class Builder {
    private final TokenEventLog log;
    private @Nullable TokenEventListener listener;
    private Clock clock = Clock.systemUTC();
    private String claimer = UUID.randomUUID().toString();
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration lease = Duration.ofMinutes(5);
    private int batchSize = 100;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofHours(1);
    private List<Duration> expiryWarnings = List.of(Duration.ofDays(7), Duration.ofDays(1));
    private Duration expiryScanInterval = Duration.ofMinutes(1);
    private Duration retention = Duration.ofDays(90);

    private Builder(TokenEventLog log) {
      this.log = Objects.requireNonNull(log, "log");
    }

    /** Who events are delivered to; default none (events are kept, not delivered). */
    public Builder listener(@Nullable TokenEventListener listener) {
      this.listener = listener;
      return this;
    }

    /** The clock; default the system UTC clock. Instances' clocks must agree within the lease. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** This instance's claimer id (at most 64 characters); default a random UUID. */
    public Builder claimer(String claimer) {
      if (claimer.isEmpty() || claimer.length() > 64) {
        throw new IllegalArgumentException("claimer must be 1 to 64 characters");
      }
      this.claimer = claimer;
      return this;
    }

    /** How often due events are claimed; default 1 s. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * How long a claim keeps an event from other instances; default 5 min. Longer than a listener
     * call can take: events whose lease ran out before their call are left to the next claimer.
     */
    public Builder lease(Duration lease) {
      this.lease = positive(lease, "lease");
      return this;
    }

    /** The most events one claim takes; default 100. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 1000) {
        throw new IllegalArgumentException("batchSize must be 1 to 1000, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** The retry delay after a first failure; default 1 s, doubling per failure. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = positive(initialBackoff, "initialBackoff");
      return this;
    }

    /** The longest retry delay; default 1 h. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = positive(maxBackoff, "maxBackoff");
      return this;
    }

    /** The lead times of expiry warnings; default 7 days and 1 day; empty for none. */
    public Builder expiryWarnings(List<Duration> leads) {
      List<Duration> copy = new ArrayList<>();
      for (Duration d : leads) {
        copy.add(positive(d, "expiry warning lead time"));
      }
      this.expiryWarnings = copy;
      return this;
    }

    /** How often tokens are scanned for expiry warnings; default 1 min. */
    public Builder expiryScanInterval(Duration interval) {
      this.expiryScanInterval = positive(interval, "expiryScanInterval");
      return this;
    }

    /** How long events are kept; default 90 days. */
    public Builder retention(Duration retention) {
      this.retention = positive(retention, "retention");
      return this;
    }

    /** Builds the outbox (not started). */
    public EventOutbox build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
      }
      return new EventOutbox(this);
    }

    private static Duration positive(@Nullable Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
      }
      return d;
    }
  }
}
