package dev.dzauth.store;

import dev.dzauth.status.FeedEntry;
import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerChange;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} that forwards every call, default methods included, to another: the base of
 * store decorators (metrics, fault injection), so that none drops a method. Override what the
 * decorator changes.
 */
public abstract class ForwardingTokenStore implements TokenStore {

  private final TokenStore delegate;

  /** A store forwarding to {@code delegate}. */
  protected ForwardingTokenStore(TokenStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The store calls are forwarded to. */
  protected TokenStore delegate() {
    return delegate;
  }

  @Override
  public VersionedStatus status(String jti) throws Exception {
    return delegate.status(jti);
  }

  @Override
  public Map<String, VersionedStatus> statuses(Collection<String> jtis) throws Exception {
    return delegate.statuses(jtis);
  }

  @Override
  public TokenRecord insert(TokenRecord record, ChangeOrigin origin) throws Exception {
    return delegate.insert(record, origin);
  }

  @Override
  public Optional<TokenRecord> findById(String id) throws Exception {
    return delegate.findById(id);
  }

  @Override
  public Optional<TokenRecord> revoke(
      String id, Instant at, ChangeOrigin origin, @Nullable String reason) throws Exception {
    return delegate.revoke(id, at, origin, reason);
  }

  @Override
  public Optional<TokenRecord> transition(
      String id, TokenStatus from, TokenStatus to, Instant at, ChangeOrigin origin)
      throws Exception {
    return delegate.transition(id, from, to, at, origin);
  }

  @Override
  public Optional<TokenRecord> roll(
      String id, TokenRecord successor, Instant notAfter, Instant at, ChangeOrigin origin)
      throws Exception {
    return delegate.roll(id, successor, notAfter, at, origin);
  }

  @Override
  public Optional<OwnerChange> changeOwner(
      OwnerScope scope,
      OwnerAction action,
      Instant at,
      ChangeOrigin origin,
      @Nullable String reason)
      throws Exception {
    return delegate.changeOwner(scope, action, at, origin, reason);
  }

  @Override
  public long countAffected(OwnerScope scope, OwnerAction action) throws Exception {
    return delegate.countAffected(scope, action);
  }

  @Override
  public List<TokenRecord> page(PageQuery query) throws Exception {
    return delegate.page(query);
  }

  @Override
  public long count(String subject, String businessId, boolean includeRevoked) throws Exception {
    return delegate.count(subject, businessId, includeRevoked);
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsedById) throws Exception {
    delegate.recordLastUsed(lastUsedById);
  }

  @Override
  public List<FeedEntry> changesSince(long afterSequence, int limit) throws Exception {
    return delegate.changesSince(afterSequence, limit);
  }

  @Override
  public long latestSequence() throws Exception {
    return delegate.latestSequence();
  }

  @Override
  public long pruneStatusFeed(Instant olderThan) throws Exception {
    return delegate.pruneStatusFeed(olderThan);
  }

  @Override
  public void close() throws Exception {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + delegate + "}";
  }

  @Override
  public List<TokenEvent> events(String tokenId, TokenEvent.@Nullable Position after, int limit)
      throws Exception {
    return delegate.events(tokenId, after, limit);
  }

  @Override
  public List<TokenEvent> claimEvents(String claimer, Instant now, Duration lease, int limit)
      throws Exception {
    return delegate.claimEvents(claimer, now, lease, limit);
  }

  @Override
  public void eventDelivered(String eventId, String claimer, Instant at) throws Exception {
    delegate.eventDelivered(eventId, claimer, at);
  }

  @Override
  public void eventFailed(String eventId, String claimer, Instant retryAt) throws Exception {
    delegate.eventFailed(eventId, claimer, retryAt);
  }

  @Override
  public int warnExpiring(Instant now, Duration lead, int limit) throws Exception {
    return delegate.warnExpiring(now, lead, limit);
  }

  @Override
  public long pruneEvents(Instant olderThan) throws Exception {
    return delegate.pruneEvents(olderThan);
  }
}
