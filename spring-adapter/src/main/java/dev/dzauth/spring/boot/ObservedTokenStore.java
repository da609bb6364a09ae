package dev.dzauth.spring.boot;

import dev.dzauth.spring.DzAuthObserver;
import dev.dzauth.status.FeedEntry;
import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerChange;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import dev.dzauth.store.ChangeOrigin;
import dev.dzauth.store.ForwardingTokenStore;
import dev.dzauth.store.TokenEvent;
import dev.dzauth.store.TokenRecord;
import dev.dzauth.store.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A {@link TokenStore} that tells {@link DzAuthObserver}s how long each call took. */
final class ObservedTokenStore extends ForwardingTokenStore {

  private final TokenStore delegate;
  private final List<DzAuthObserver> observers;

  private ObservedTokenStore(TokenStore delegate, List<DzAuthObserver> observers) {
    super(delegate);
    this.delegate = delegate;
    this.observers = observers;
  }

  static TokenStore wrap(TokenStore store, List<DzAuthObserver> observers) {
    return observers.isEmpty() ? store : new ObservedTokenStore(store, List.copyOf(observers));
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws Exception;
  }

  private <T> T observe(String operation, Call<T> call) throws Exception {
    long start = System.nanoTime();
    boolean ok = false;
    try {
      T result = call.run();
      ok = true;
      return result;
    } finally {
      long nanos = System.nanoTime() - start;
      for (DzAuthObserver o : observers) {
        try {
          o.storeCall(operation, nanos, ok);
        } catch (RuntimeException ignored) {
          // An observer must not change the outcome.
        }
      }
    }
  }

  @Override
  public VersionedStatus status(String jti) throws Exception {
    return observe("status", () -> delegate.status(jti));
  }

  @Override
  public Map<String, VersionedStatus> statuses(Collection<String> jtis) throws Exception {
    return observe("statuses", () -> delegate.statuses(jtis));
  }

  @Override
  public TokenRecord insert(TokenRecord record, ChangeOrigin origin) throws Exception {
    return observe("insert", () -> delegate.insert(record, origin));
  }

  @Override
  public Optional<TokenRecord> findById(String id) throws Exception {
    return observe("findById", () -> delegate.findById(id));
  }

  @Override
  public Optional<TokenRecord> revoke(
      String id, Instant at, ChangeOrigin origin, @Nullable String reason) throws Exception {
    return observe("revoke", () -> delegate.revoke(id, at, origin, reason));
  }

  @Override
  public Optional<TokenRecord> transition(
      String id, TokenStatus from, TokenStatus to, Instant at, ChangeOrigin origin)
      throws Exception {
    return observe("transition", () -> delegate.transition(id, from, to, at, origin));
  }

  @Override
  public Optional<TokenRecord> roll(
      String id, TokenRecord successor, Instant notAfter, Instant at, ChangeOrigin origin)
      throws Exception {
    return observe("roll", () -> delegate.roll(id, successor, notAfter, at, origin));
  }

  @Override
  public Optional<OwnerChange> changeOwner(
      OwnerScope scope,
      OwnerAction action,
      Instant at,
      ChangeOrigin origin,
      @Nullable String reason)
      throws Exception {
    return observe("changeOwner", () -> delegate.changeOwner(scope, action, at, origin, reason));
  }

  @Override
  public long countAffected(OwnerScope scope, OwnerAction action) throws Exception {
    return observe("countAffected", () -> delegate.countAffected(scope, action));
  }

  @Override
  public List<TokenRecord> page(PageQuery query) throws Exception {
    return observe("page", () -> delegate.page(query));
  }

  @Override
  public long count(String subject, String businessId, boolean includeRevoked) throws Exception {
    return observe("count", () -> delegate.count(subject, businessId, includeRevoked));
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsedById) throws Exception {
    observe(
        "recordLastUsed",
        () -> {
          delegate.recordLastUsed(lastUsedById);
          return Boolean.TRUE;
        });
  }

  @Override
  public List<FeedEntry> changesSince(long afterSequence, int limit) throws Exception {
    return observe("changesSince", () -> delegate.changesSince(afterSequence, limit));
  }

  @Override
  public long latestSequence() throws Exception {
    return observe("latestSequence", delegate::latestSequence);
  }

  @Override
  public long pruneStatusFeed(Instant olderThan) throws Exception {
    return observe("pruneStatusFeed", () -> delegate.pruneStatusFeed(olderThan));
  }

  @Override
  public List<TokenEvent> events(String tokenId, TokenEvent.@Nullable Position after, int limit)
      throws Exception {
    return observe("events", () -> delegate.events(tokenId, after, limit));
  }

  @Override
  public List<TokenEvent> claimEvents(String claimer, Instant now, Duration lease, int limit)
      throws Exception {
    return observe("claimEvents", () -> delegate.claimEvents(claimer, now, lease, limit));
  }

  @Override
  public void eventDelivered(String eventId, String claimer, Instant at) throws Exception {
    observe(
        "eventDelivered",
        () -> {
          delegate.eventDelivered(eventId, claimer, at);
          return Boolean.TRUE;
        });
  }

  @Override
  public void eventFailed(String eventId, String claimer, Instant retryAt) throws Exception {
    observe(
        "eventFailed",
        () -> {
          delegate.eventFailed(eventId, claimer, retryAt);
          return Boolean.TRUE;
        });
  }

  @Override
  public int warnExpiring(Instant now, Duration lead, int limit) throws Exception {
    return observe("warnExpiring", () -> delegate.warnExpiring(now, lead, limit));
  }

  @Override
  public long pruneEvents(Instant olderThan) throws Exception {
    return observe("pruneEvents", () -> delegate.pruneEvents(olderThan));
  }

  @Override
  public void close() {
    // The store bean is closed by the container; closing it here would close it twice.
  }
}
