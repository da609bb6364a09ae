package dev.dzauth.status;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of an {@link OwnerLiveness} hook, per token ({@code jti}), under the status cache's
 * bounds: an answer is reused for at most {@code refreshAfter}; then the hook is asked again before
 * the token is accepted (concurrent lookups of one token share one call). While the hook fails, an
 * answer serves for at most {@code maxStaleness} after it was given, then the token fails closed
 * with {@link Reason#STORE_UNAVAILABLE}. So an owner deactivated in the application is refused
 * within {@code refreshAfter} while the hook answers. A hit takes no lock and allocates nothing.
 */
public final class OwnerLivenessCache {

  private static final Logger LOG = LoggerFactory.getLogger(OwnerLivenessCache.class);

  private final OwnerLiveness hook;
  private final Cache<String, Answer> answers;
  private final Map<String, Answer> view;
  private final ConcurrentHashMap<String, CompletableFuture<Answer>> asking =
      new ConcurrentHashMap<>();
  private final LongSupplier ticker;
  private final long refreshAfterNanos;
  private final long maxStalenessNanos;
  private final long timeoutNanos;
  private volatile boolean failing;

  private OwnerLivenessCache(
      OwnerLiveness hook,
      long maximumSize,
      Duration refreshAfter,
      Duration maxStaleness,
      Duration timeout,
      LongSupplier ticker) {
    this.hook = Objects.requireNonNull(hook, "hook");
    this.answers = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    this.view = answers.asMap();
    this.ticker = ticker;
    this.refreshAfterNanos = refreshAfter.toNanos();
    this.maxStalenessNanos = maxStaleness.toNanos();
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * A cache of {@code hook}'s answers with the bounds, size and ticker of {@code statuses} ({@link
   * StatusCache#refreshAfter()}, {@link StatusCache#maxStaleness()}, {@link
   * StatusCache#storeTimeout()}).
   */
  public static OwnerLivenessCache of(OwnerLiveness hook, StatusCache statuses) {
    return new OwnerLivenessCache(
        hook,
        statuses.maximumSize(),
        statuses.refreshAfter(),
        statuses.maxStaleness(),
        statuses.storeTimeout(),
        statuses.ticker());
  }

  /**
   * Refuses the token {@code jti} of {@code subject} in {@code businessId} unless its owner is
   * active.
   *
   * @throws DzAuthException {@link Reason#OWNER_INACTIVE} when the hook says the owner is not
   *     active, {@link Reason#STORE_UNAVAILABLE} when it cannot answer and no answer within the
   *     bound exists
   */
  public void check(String jti, String subject, String businessId) {
    Answer a = view.get(jti);
    long now = ticker.getAsLong();
    if (a == null || now - a.atNanos > refreshAfterNanos) {
      a = ask(jti, subject, businessId, a, now);
    }
    if (!a.active) {
      throw DzAuthException.of(
          Reason.OWNER_INACTIVE, "the owner of token " + jti + " is no longer active");
    }
  }

  private Answer ask(
      String jti, String subject, String businessId, @Nullable Answer cached, long now) {
    CompletableFuture<Answer> mine = new CompletableFuture<>();
    CompletableFuture<Answer> theirs = asking.putIfAbsent(jti, mine);
    if (theirs == null) {
      try {
        boolean active = hook.isActive(subject, businessId);
        Answer fresh = new Answer(active, ticker.getAsLong());
        view.put(jti, fresh);
        if (failing) {
          failing = false;
          LOG.info("the owner-liveness hook answers again");
        }
        mine.complete(fresh);
      } catch (Exception | LinkageError e) {
        if (!failing) {
          failing = true;
          LOG.warn(
              "the owner-liveness hook failed: {} (counting further failures, not logging them;"
                  + " answers serve for at most {})",
              e.toString(),
              Duration.ofNanos(maxStalenessNanos));
        }
        mine.completeExceptionally(e);
      } finally {
        asking.remove(jti, mine);
      }
      theirs = mine;
    }
    try {
      return theirs.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // fall through to the bounded stale answer
    }
    if (cached != null && ticker.getAsLong() - cached.atNanos <= maxStalenessNanos) {
      return cached;
    }
    throw DzAuthException.of(
        Reason.STORE_UNAVAILABLE, "the owner-liveness hook did not answer for token " + jti);
  }

  /** Drops every answer; the next lookup of each token asks the hook. */
  public void invalidateAll() {
    answers.invalidateAll();
  }

  private record Answer(boolean active, long atNanos) {}
}
