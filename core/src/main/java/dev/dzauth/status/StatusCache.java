package dev.dzauth.status;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Caffeine cache of token states by {@code jti} in front of a {@link TokenStatusStore}, kept
 * exact by the store's status feed.
 *
 * <p><b>Ordered.</b> Every answer carries the {@link VersionedStatus#version() version} it was read
 * at, and the cache keeps, per {@code jti}, the newest one it has seen: a write-through, a feed
 * entry or a store answer that is older than what the cache holds is never applied, in whatever
 * order they arrive. A final answer ({@code REVOKED}, {@code DELETED}) is never replaced by a
 * non-final one.
 *
 * <p><b>Anchored on the feed.</b> While a {@link StatusFeedPoller} follows the store's feed for
 * this cache and its last successful poll is recent (within its {@code maxLag}), a cached answer is
 * exact up to that poll: it is served with no store call, and the store is asked only on a miss.
 * Otherwise (no poller, an outage, a poller behind by more than {@code maxLag}), the cache falls
 * back to bounded staleness:
 *
 * <ul>
 *   <li>an answer older than {@link Builder#refreshAfter} is read again from the store before it is
 *       served (concurrent readers share one store call);
 *   <li>while the store does not answer, a cached answer serves for at most {@link
 *       Builder#maxStaleness} after it was last known exact, then the token fails closed with
 *       {@link Reason#STORE_UNAVAILABLE}.
 * </ul>
 *
 * <p><b>Loads.</b> Concurrent misses for one {@code jti} make one store call; concurrent misses for
 * different {@code jti}s are batched into one {@link TokenStatusStore#statuses} call of at most
 * {@link Builder#maxBatchSize} (a cold instance does not send one query per token). At most {@link
 * Builder#maxConcurrentLoads} store calls run at once; a lookup waits at most {@link
 * Builder#storeTimeout}; a store that throws, hangs or is saturated gives {@link
 * Reason#STORE_UNAVAILABLE}, never an answer.
 *
 * <p>{@link #record} writes a state through after a durable change on this instance, so the change
 * is seen here at once (read-your-writes).
 *
 * <p>Thread-safe. A hit takes no lock and allocates nothing.
 */
public final class StatusCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusCache.class);

  private final TokenStatusStore store;
  private final Cache<String, Entry> cache;
  private final Map<String, Entry> entries;
  private final ConcurrentHashMap<String, PendingLoad> pending = new ConcurrentHashMap<>();
  private final Queue<PendingLoad> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger drainers = new AtomicInteger();
  private final ThreadPoolExecutor loadPool;
  private final LongSupplier ticker;
  private final long refreshAfterNanos;
  private final long maxStalenessNanos;
  private final long storeTimeoutNanos;
  private final int maxConcurrentLoads;
  private final int maxBatchSize;
  private final int maxPendingLoads;
  private final long maximumSize;
  private final Duration refreshAfter;
  private final Duration maxStaleness;
  private final Duration storeTimeout;
  private volatile Anchor anchor = Anchor.NONE;

  /**
   * The sequence of the last feed entry applied: a write-through at or below it may have missed
   * one.
   */
  private volatile long feedPosition = -1;

  private volatile boolean storeFailing;
  private volatile long lastFailureNanos;
  private volatile boolean closed;
  private volatile Runnable onRecord = () -> {};

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder staleServed = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder storeCalls = new LongAdder();

  private StatusCache(Builder b) {
    this.store = b.store;
    this.ticker = b.ticker;
    this.refreshAfterNanos = b.refreshAfter.toNanos();
    this.maxStalenessNanos = b.maxStaleness.toNanos();
    this.storeTimeoutNanos = b.storeTimeout.toNanos();
    this.maxConcurrentLoads = b.maxConcurrentLoads;
    this.maxBatchSize = b.maxBatchSize;
    this.maxPendingLoads = b.maxPendingLoads;
    this.maximumSize = b.maximumSize;
    this.refreshAfter = b.refreshAfter;
    this.maxStaleness = b.maxStaleness;
    this.storeTimeout = b.storeTimeout;
    AtomicInteger threads = new AtomicInteger();
    this.loadPool =
        new ThreadPoolExecutor(
            b.maxConcurrentLoads,
            b.maxConcurrentLoads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "dz-auth-status-load-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.loadPool.allowCoreThreadTimeOut(true);
    // Size-bounded only: no expiry, so a hit writes nothing to the entry (an access time written on
    // every hit bounced the entry's cache line between cores). Freshness is decided per hit from
    // the entry's own confirmation time and the feed's anchor. Maintenance runs on the caller.
    this.cache = Caffeine.newBuilder().maximumSize(b.maximumSize).executor(Runnable::run).build();
    this.entries = cache.asMap();
  }

  /** A builder for a cache in front of {@code store}. */
  public static Builder builder(TokenStatusStore store) {
    return new Builder(store);
  }

  /**
   * The state of the token {@code jti}: from the cache, or from the store on a miss or when the
   * cached answer is not fresh enough (see the class description).
   *
   * @throws DzAuthException with {@link Reason#STORE_UNAVAILABLE} when the store cannot answer in
   *     time and no usable cached answer exists
   */
  public VersionedStatus status(String jti) {
    Entry e = entries.get(jti);
    if (e != null) {
      VersionedStatus s = e.state;
      if (s.status().isFinal()) {
        hits.increment();
        return s;
      }
      long now = ticker.getAsLong();
      Anchor a = anchor;
      boolean sameEpoch = e.epoch == a.epoch && a.epoch != Anchor.NO_EPOCH;
      if (sameEpoch && now - a.lastPollNanos <= a.maxLagNanos) {
        hits.increment();
        return s;
      }
      long confirmed = sameEpoch ? Math.max(e.confirmedNanos, a.lastPollNanos) : e.confirmedNanos;
      if (now - confirmed <= refreshAfterNanos) {
        hits.increment();
        return s;
      }
      return reloadStale(jti, s, confirmed, now);
    }
    // Counted once its load is registered: a miss counted is a lookup the next batch takes.
    CompletableFuture<VersionedStatus> loading = load(jti);
    misses.increment();
    return await(loading);
  }

  /**
   * A cached answer older than refreshAfter, last known exact at {@code confirmed}: read again, or
   * serve it while it is at most maxStaleness old (checked again after a failed read: the read
   * itself takes time).
   */
  private VersionedStatus reloadStale(
      String jti, VersionedStatus cached, long confirmed, long now) {
    if (now - confirmed <= maxStalenessNanos
        && storeFailing
        && now - lastFailureNanos <= storeTimeoutNanos) {
      // The store failed just now: do not make every request wait for it; one reload probes it.
      startLoad(jti);
      staleServed.increment();
      return cached;
    }
    CompletableFuture<VersionedStatus> loading = load(jti);
    misses.increment();
    try {
      return await(loading);
    } catch (DzAuthException unavailable) {
      Entry current = entries.get(jti);
      if (current != null && current.state.status().isFinal()) {
        return current.state; // a final answer arrived meanwhile
      }
      if (ticker.getAsLong() - confirmed <= maxStalenessNanos) {
        staleServed.increment();
        return cached;
      }
      throw unavailable;
    }
  }

  /**
   * Writes {@code state} through for {@code jti} after it was made durable in the store. Ignored
   * when the cache already holds a newer answer (a higher version, or a final one). When the feed
   * poller may already have read past this version (a creation, or a change it read before this
   * call), a newer change made elsewhere could have been skipped, so this reads the store once
   * before returning (waiting at most {@link Builder#storeTimeout}; a failure leaves the written
   * state under the fallback rules).
   */
  public void record(String jti, VersionedStatus state) {
    Objects.requireNonNull(state, "state");
    Anchor a = anchor;
    // Vouched for only when the poller will read every change after this one: its epoch started
    // before this version and it has not read past it yet (read after the entry is in place, so a
    // change the poller skipped because the entry was absent is always seen here).
    Entry recorded =
        new Entry(
            state,
            ticker.getAsLong(),
            a.epoch != Anchor.NO_EPOCH && state.version() > a.startSequence
                ? a.epoch
                : Anchor.NO_EPOCH);
    pending.computeIfPresent(
        jti,
        (k, p) -> {
          p.record(recorded); // a load in flight must not answer older than this
          return p;
        });
    Entry unvouched = new Entry(state, recorded.confirmedNanos, Anchor.NO_EPOCH);
    entries.merge(jti, unvouched, StatusCache::newer);
    if (recorded.epoch != Anchor.NO_EPOCH && state.version() > feedPosition) {
      entries.merge(jti, recorded, StatusCache::newer); // the poller reads every later change
    } else if (!state.status().isFinal() && a.epoch != Anchor.NO_EPOCH) {
      // The poller may have read past this version, skipping a newer change (another instance's)
      // while this jti was not cached: read the store once now instead of trusting this state.
      try {
        await(load(jti));
      } catch (DzAuthException unavailable) {
        // the unvouched entry stays; the fallback rules re-read it
      }
    }
    try {
      onRecord.run();
    } catch (RuntimeException e) {
      LOG.debug("status change announcement failed: {}", e.toString());
    }
  }

  /** Drops the cached answer for {@code jti}; the next lookup asks the store. */
  public void invalidate(String jti) {
    entries.remove(jti);
  }

  /** Drops every cached answer. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  /** The store behind this cache. */
  public TokenStatusStore store() {
    return store;
  }

  /**
   * Whether cached answers are anchored on the feed now: a poller follows it and its last
   * successful poll is within its {@code maxLag}. When not, the cache serves with bounded staleness
   * (see the class description).
   */
  public boolean isAnchored() {
    Anchor a = anchor;
    return a.epoch != Anchor.NO_EPOCH && ticker.getAsLong() - a.lastPollNanos <= a.maxLagNanos;
  }

  /** The most answers kept ({@link Builder#maximumSize}). */
  public long maximumSize() {
    return maximumSize;
  }

  /** When an answer the feed does not vouch for is read again ({@link Builder#refreshAfter}). */
  public Duration refreshAfter() {
    return refreshAfter;
  }

  /** The bound on staleness while neither feed nor store answers ({@link Builder#maxStaleness}). */
  public Duration maxStaleness() {
    return maxStaleness;
  }

  /** How long a lookup waits for the store ({@link Builder#storeTimeout}). */
  public Duration storeTimeout() {
    return storeTimeout;
  }

  /** Counters since start, for metrics. */
  public Stats stats() {
    return new Stats(
        hits.sum(),
        misses.sum(),
        loadFailures.sum(),
        cache.estimatedSize(),
        staleServed.sum(),
        storeCalls.sum());
  }

  /**
   * Cache counters.
   *
   * @param hits lookups answered from the cache
   * @param misses lookups that waited for the store (one store call serves concurrent misses)
   * @param loadFailures lookups the store failed, timed out or refused (saturated)
   * @param size the approximate number of cached answers
   * @param staleServed lookups answered from the cache past {@code refreshAfter} because the store
   *     did not answer (within {@code maxStaleness})
   * @param storeCalls calls made to the store (each answers a batch of lookups)
   */
  public record Stats(
      long hits, long misses, long loadFailures, long size, long staleServed, long storeCalls) {
    /** Hits over lookups, or 1 when there were none. */
    public double hitRatio() {
      long total = hits + misses;
      return total == 0 ? 1.0 : (double) hits / total;
    }
  }

  /** Stops the store-call pool; lookups waiting for it fail as unavailable. */
  @Override
  public void close() {
    closed = true;
    loadPool.shutdownNow();
    for (PendingLoad p : pending.values()) {
      p.future.completeExceptionally(
          DzAuthException.of(Reason.STORE_UNAVAILABLE, "status cache closed"));
    }
  }

  // ---- the feed side, driven by StatusFeedPoller --------------------------------------------

  /** The cache's nanosecond ticker: the poller times its anchor with it. */
  LongSupplier ticker() {
    return ticker;
  }

  /** Publishes where the feed reader stands; every hit compares against it. */
  void anchor(Anchor a) {
    anchor = a;
  }

  /** What to call after each {@link #record} (a doorbell that announces changes). */
  void onRecord(Runnable announce) {
    onRecord = Objects.requireNonNull(announce, "announce");
  }

  /**
   * Applies one feed entry, read by a query that started at {@code pollStartNanos} in the reader's
   * {@code epoch}.
   */
  void apply(FeedEntry entry, long epoch, long pollStartNanos) {
    if (entry instanceof StatusChange change) {
      apply(change, epoch);
    } else if (entry instanceof OwnerChange change) {
      dropOwner(change);
    }
    feedPosition = entry.sequence();
  }

  /**
   * Applies a token's change to a load in flight for the jti (which may have read before the
   * change) and to a cached answer. A jti neither cached nor loading is skipped: a later load reads
   * the change.
   */
  private void apply(StatusChange change, long epoch) {
    pending.computeIfPresent(
        change.jti(),
        (k, p) -> {
          p.observe(change);
          return p;
        });
    entries.computeIfPresent(
        change.jti(),
        (k, e) -> {
          if (e.state.status() == TokenStatus.UNKNOWN) {
            return null; // the record exists after all: the next lookup reads it
          }
          // The entry keeps its confirmation time: a poll vouches for it only through the anchor,
          // published when the poll reaches the feed's end (an unfinished poll vouches for
          // nothing).
          return newer(e, new Entry(e.state.changedBy(change), e.confirmedNanos, epoch));
        });
  }

  /**
   * An owner-level change: the cached answers of that owner's tokens are dropped (final ones stay),
   * so the next lookup reads the owner's new standing from the store, and every load in flight
   * notes the change: an answer it read before the change is served to its waiting callers (they
   * asked concurrently with the change) but not cached.
   */
  private void dropOwner(OwnerChange change) {
    for (PendingLoad p : pending.values()) {
      pending.computeIfPresent(
          p.jti,
          (k, q) -> {
            q.observe(change);
            return q;
          });
    }
    OwnerScope scope = change.scope();
    entries.values().removeIf(e -> !e.state.status().isFinal() && scope.covers(e.state));
  }

  /**
   * Applies an owner-level change made durable on this instance at once (read-your-writes): the
   * owner's cached answers are dropped and read again from the store on their next lookup.
   */
  public void record(OwnerChange change) {
    Objects.requireNonNull(change, "change");
    dropOwner(change);
    try {
      onRecord.run();
    } catch (RuntimeException e) {
      LOG.debug("status change announcement failed: {}", e.toString());
    }
  }

  // ---- loads --------------------------------------------------------------------------------

  private CompletableFuture<VersionedStatus> load(String jti) {
    PendingLoad p = startLoad(jti);
    if (p == null) {
      loadFailures.increment();
      return CompletableFuture.failedFuture(
          DzAuthException.of(Reason.STORE_UNAVAILABLE, "too many token status lookups waiting"));
    }
    return p.future;
  }

  /** The load in flight for {@code jti}, started if there is none; null when saturated. */
  private @Nullable PendingLoad startLoad(String jti) {
    PendingLoad existing = pending.get(jti);
    if (existing != null) {
      return existing;
    }
    if (closed || pending.size() >= maxPendingLoads) {
      return null;
    }
    PendingLoad created = new PendingLoad(jti, ticker.getAsLong(), anchor.epoch);
    existing = pending.putIfAbsent(jti, created);
    if (existing != null) {
      return existing;
    }
    created
        .future
        .orTimeout(storeTimeoutNanos, TimeUnit.NANOSECONDS)
        .whenComplete(
            (s, failure) -> {
              if (failure != null) {
                pending.remove(jti, created);
                if (failure instanceof TimeoutException) {
                  loadFailures.increment(); // other failures are counted before they are delivered
                  storeFailed(failure); // a hanging store is a failing one
                }
              }
            });
    queue.add(created);
    dispatch();
    return created;
  }

  /** Makes sure a drainer runs while loads are queued, at most maxConcurrentLoads at once. */
  private void dispatch() {
    while (!queue.isEmpty()) {
      int running = drainers.get();
      if (running >= maxConcurrentLoads) {
        return; // a running drainer takes the queued loads when its current call returns
      }
      if (drainers.compareAndSet(running, running + 1)) {
        try {
          loadPool.execute(this::drain);
        } catch (RejectedExecutionException closed) {
          drainers.decrementAndGet();
          failQueued(DzAuthException.of(Reason.STORE_UNAVAILABLE, "status cache closed"));
        }
        return;
      }
    }
  }

  private void drain() {
    try {
      List<PendingLoad> batch;
      while (!(batch = takeBatch()).isEmpty()) {
        loadBatch(batch);
      }
    } finally {
      drainers.decrementAndGet();
      dispatch(); // a load queued after the last take and before the decrement
    }
  }

  private List<PendingLoad> takeBatch() {
    List<PendingLoad> batch = new ArrayList<>();
    PendingLoad p;
    while (!closed && batch.size() < maxBatchSize && (p = queue.poll()) != null) {
      if (!p.future.isDone()) { // timed out while queued: nobody waits for it
        batch.add(p);
      }
    }
    return batch;
  }

  private void loadBatch(List<PendingLoad> batch) {
    List<String> jtis = new ArrayList<>(batch.size());
    for (PendingLoad p : batch) {
      jtis.add(p.jti);
    }
    Map<String, VersionedStatus> answers;
    storeCalls.increment();
    try {
      answers = store.statuses(jtis);
    } catch (Throwable e) { // whatever a store throws is "unavailable", never an answer
      storeFailed(e);
      loadFailures.add(batch.size());
      DzAuthException failure =
          e instanceof DzAuthException d
              ? d
              : DzAuthException.of(
                  Reason.STORE_UNAVAILABLE, "token store failed: " + e.getClass().getName(), e);
      for (PendingLoad p : batch) {
        p.future.completeExceptionally(failure);
      }
      if (e instanceof VirtualMachineError fatal) {
        throw fatal;
      }
      return;
    }
    storeAnswered();
    for (PendingLoad p : batch) {
      VersionedStatus answer = answers == null ? null : answers.get(p.jti);
      if (answer == null) {
        loadFailures.increment();
        p.future.completeExceptionally(
            DzAuthException.of(Reason.STORE_UNAVAILABLE, "token store gave no answer for a jti"));
      } else {
        complete(p, answer);
      }
    }
  }

  /** Merges a store answer with what the feed said meanwhile and with the cache, then answers. */
  private void complete(PendingLoad p, VersionedStatus answer) {
    VersionedStatus[] served = new VersionedStatus[1];
    pending.compute(
        p.jti,
        (k, current) -> {
          if (current != p) {
            return current; // timed out and replaced: this answer may miss a change, drop it
          }
          VersionedStatus merged = p.withObserved(answer);
          if (p.missedOwnerChange(merged)) {
            served[0] = merged; // read before an owner-level change: answered, never cached
            return null;
          }
          long epoch = merged.status() == TokenStatus.UNKNOWN ? Anchor.NO_EPOCH : p.epoch;
          Entry loaded = new Entry(merged, p.startNanos, epoch);
          if (p.recorded != null) {
            loaded = newer(loaded, p.recorded); // written through while the load was in flight
          }
          served[0] = entries.merge(k, loaded, StatusCache::newer).state;
          return null;
        });
    if (served[0] != null) {
      p.future.complete(served[0]);
    }
  }

  private void failQueued(DzAuthException failure) {
    PendingLoad p;
    while ((p = queue.poll()) != null) {
      p.future.completeExceptionally(failure);
    }
  }

  private void storeFailed(Throwable e) {
    lastFailureNanos = ticker.getAsLong();
    if (!storeFailing) {
      storeFailing = true;
      LOG.warn(
          "token store unreachable for status lookups: {} (counting further failures, not"
              + " logging them; cached answers serve for at most {})",
          e.toString(),
          Duration.ofNanos(maxStalenessNanos));
    }
  }

  private void storeAnswered() {
    if (storeFailing) {
      storeFailing = false;
      LOG.info("token store answers status lookups again");
    }
  }

  private VersionedStatus await(CompletableFuture<VersionedStatus> future) {
    try {
      return future.get(storeTimeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw DzAuthException.of(Reason.STORE_UNAVAILABLE, "token store did not answer in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DzAuthException.of(Reason.STORE_UNAVAILABLE, "interrupted waiting for the token store");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof DzAuthException d) {
        throw d;
      }
      if (cause instanceof TimeoutException) {
        throw DzAuthException.of(Reason.STORE_UNAVAILABLE, "token store did not answer in time");
      }
      throw DzAuthException.of(
          Reason.STORE_UNAVAILABLE, "token store failed", cause == null ? e : cause);
    }
  }

  /**
   * The newer of two answers for one jti: a final one over a non-final one, else the higher
   * version; of equal versions, the later confirmation (with the later anchor epoch when they
   * agree).
   */
  static Entry newer(Entry old, Entry neu) {
    VersionedStatus o = old.state;
    VersionedStatus n = neu.state;
    if (o.status().isFinal() != n.status().isFinal()) {
      return o.status().isFinal() ? old : neu;
    }
    if (o.version() != n.version()) {
      return o.version() > n.version() ? old : neu;
    }
    if ((o.status() == TokenStatus.UNKNOWN) != (n.status() == TokenStatus.UNKNOWN)) {
      // A creation's write-through against a load that read before the insert: the later wins,
      // and a tie (a coarse ticker) goes to the known record. A later UNKNOWN still wins: a row
      // purged by hand must stop authenticating.
      long later = neu.confirmedNanos - old.confirmedNanos;
      return later != 0 ? (later > 0 ? neu : old) : (o.status() == TokenStatus.UNKNOWN ? neu : old);
    }
    if (o.status() == n.status()) {
      Entry later = neu.confirmedNanos - old.confirmedNanos >= 0 ? neu : old;
      long epoch = Math.max(old.epoch, neu.epoch);
      return later.epoch == epoch ? later : new Entry(later.state, later.confirmedNanos, epoch);
    }
    return neu.confirmedNanos - old.confirmedNanos >= 0 ? neu : old;
  }

  /**
   * A cached answer: the state, when it was last known exact (ticker nanos), and the feed epoch it
   * is anchored in ({@link Anchor#NO_EPOCH} when none: the feed does not vouch for it).
   */
  static final class Entry {
    final VersionedStatus state;
    final long confirmedNanos;
    final long epoch;

    Entry(VersionedStatus state, long confirmedNanos, long epoch) {
      this.state = state;
      this.confirmedNanos = confirmedNanos;
      this.epoch = epoch;
    }
  }

  /**
   * Where the feed reader stands: its epoch (a run of gap-free reading, started after {@code
   * startSequence}), the ticker time of the start of its last poll that reached the feed's end, and
   * the lag within which that poll still vouches for cached answers.
   */
  record Anchor(long epoch, long startSequence, long lastPollNanos, long maxLagNanos) {
    static final long NO_EPOCH = 0;
    static final Anchor NONE = new Anchor(NO_EPOCH, Long.MAX_VALUE, 0, -1);
  }

  /** One store lookup in flight, and the newest feed entry seen for its jti meanwhile. */
  private static final class PendingLoad {
    final String jti;
    final long startNanos;
    final long epoch;
    final CompletableFuture<VersionedStatus> future = new CompletableFuture<>();
    // Written and read only inside the pending map's compute for this jti.
    private @Nullable StatusChange observed;
    private @Nullable List<OwnerChange> ownerChanges;
    private @Nullable Entry recorded;

    PendingLoad(String jti, long startNanos, long epoch) {
      this.jti = jti;
      this.startNanos = startNanos;
      this.epoch = epoch;
    }

    void record(Entry entry) {
      recorded = recorded == null ? entry : newer(recorded, entry);
    }

    void observe(StatusChange change) {
      if (observed == null || change.sequence() > observed.sequence()) {
        observed = change;
      }
    }

    void observe(OwnerChange change) {
      if (ownerChanges == null) {
        ownerChanges = new ArrayList<>(2);
      }
      ownerChanges.add(change);
    }

    /** Whether an owner-level change seen during the load may be missing from {@code answer}. */
    boolean missedOwnerChange(VersionedStatus answer) {
      List<OwnerChange> seen = ownerChanges;
      if (seen == null || answer.status().isFinal()) {
        return false;
      }
      for (OwnerChange c : seen) {
        if (c.sequence() > answer.version() && c.scope().covers(answer)) {
          return true;
        }
      }
      return false;
    }

    VersionedStatus withObserved(VersionedStatus answer) {
      StatusChange c = observed;
      if (c == null
          || answer.status() == TokenStatus.UNKNOWN
          || answer.status().isFinal()
          || c.sequence() <= answer.version()) {
        return answer;
      }
      return answer.changedBy(c);
    }
  }

  /** Configures a {@link StatusCache}; every option is optional. */
  public static final class Builder {
    private final TokenStatusStore store;
    private long maximumSize = 100_000;
    private Duration refreshAfter = Duration.ofSeconds(5);
    private Duration maxStaleness = Duration.ofSeconds(30);
    private Duration storeTimeout = Duration.ofSeconds(2);
    private int maxConcurrentLoads = 4;
    private int maxBatchSize = 100;
    private int maxPendingLoads = 10_000;
    private LongSupplier ticker = System::nanoTime;

    private Builder(TokenStatusStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /** The most answers kept; default 100,000 (a few MB). */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize < 1) {
        throw new IllegalArgumentException("maximumSize must be at least 1, got " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /**
     * When the feed does not vouch for a cached answer: how old it may be before it is read again
     * from the store before being served; default 5 s.
     */
    public Builder refreshAfter(Duration refreshAfter) {
      this.refreshAfter = positive(refreshAfter, "refreshAfter");
      return this;
    }

    /**
     * While neither the feed nor the store answers: how long after it was last known exact a cached
     * answer may still serve, the bound on staleness during an outage; default 30 s. Must be longer
     * than {@link #refreshAfter}.
     */
    public Builder maxStaleness(Duration maxStaleness) {
      this.maxStaleness = positive(maxStaleness, "maxStaleness");
      return this;
    }

    /** How long a lookup waits for the store before failing closed; default 2 s. */
    public Builder storeTimeout(Duration storeTimeout) {
      this.storeTimeout = positive(storeTimeout, "storeTimeout");
      return this;
    }

    /** How many store calls may run at once; default 4. Misses beyond wait and are batched. */
    public Builder maxConcurrentLoads(int maxConcurrentLoads) {
      if (maxConcurrentLoads < 1) {
        throw new IllegalArgumentException(
            "maxConcurrentLoads must be at least 1, got " + maxConcurrentLoads);
      }
      this.maxConcurrentLoads = maxConcurrentLoads;
      return this;
    }

    /** The most jtis one store call asks for; default 100. */
    public Builder maxBatchSize(int maxBatchSize) {
      if (maxBatchSize < 1 || maxBatchSize > 1000) {
        throw new IllegalArgumentException("maxBatchSize must be 1 to 1000, got " + maxBatchSize);
      }
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    /**
     * The most distinct jtis waiting for the store; more fail at once as unavailable. Default
     * 10,000.
     */
    public Builder maxPendingLoads(int maxPendingLoads) {
      if (maxPendingLoads < 1) {
        throw new IllegalArgumentException(
            "maxPendingLoads must be at least 1, got " + maxPendingLoads);
      }
      this.maxPendingLoads = maxPendingLoads;
      return this;
    }

    /** The nanosecond time source, for tests; default {@link System#nanoTime()}. */
    public Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Builds the cache. */
    public StatusCache build() {
      if (maxStaleness.compareTo(refreshAfter) <= 0) {
        throw new IllegalArgumentException(
            "maxStaleness ("
                + maxStaleness
                + ") must be longer than refreshAfter ("
                + refreshAfter
                + ")");
      }
      return new StatusCache(this);
    }

    private static Duration positive(@Nullable Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
      }
      return d;
    }
  }
}
