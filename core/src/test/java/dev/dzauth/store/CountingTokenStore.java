package dev.dzauth.store;

import dev.dzauth.lifecycle.TokenRecord;
import dev.dzauth.status.TokenState;
import dev.dzauth.status.TokenStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} that forwards everything, counts {@link #recordLastUsed} calls, and fails
 * every call while {@link #down} is set.
 */
final class CountingTokenStore implements TokenStore {

  final AtomicInteger lastUsedCalls = new AtomicInteger();
  volatile boolean down;
  private final TokenStore delegate;

  CountingTokenStore(TokenStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public TokenState status(String jti) throws Exception {
    check();
    return delegate.status(jti);
  }

  @Override
  public void insert(TokenRecord record) throws Exception {
    check();
    delegate.insert(record);
  }

  @Override
  public Optional<TokenRecord> findById(String id) throws Exception {
    check();
    return delegate.findById(id);
  }

  @Override
  public Optional<TokenRecord> revoke(String id, Instant at, @Nullable String by, @Nullable String reason)
      throws Exception {
    check();
    return delegate.revoke(id, at, by, reason);
  }

  @Override
  public Optional<TokenRecord> transition(String id, TokenStatus from, TokenStatus to, Instant at)
      throws Exception {
    check();
    return delegate.transition(id, from, to, at);
  }

  @Override
  public List<TokenRecord> page(PageQuery query) throws Exception {
    check();
    return delegate.page(query);
  }

  @Override
  public long count(String subject, String businessId, boolean includeRevoked) throws Exception {
    check();
    return delegate.count(subject, businessId, includeRevoked);
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsedById) throws Exception {
    check();
    lastUsedCalls.incrementAndGet();
    delegate.recordLastUsed(lastUsedById);
  }

  @Override
  public List<StatusChange> changesSince(long afterSequence, int limit) throws Exception {
    check();
    return delegate.changesSince(afterSequence, limit);
  }

  @Override
  public long latestSequence() throws Exception {
    check();
    return delegate.latestSequence();
  }

  private void check() throws java.sql.SQLException {
    if (down) {
      throw new java.sql.SQLTransientConnectionException("store is down (test)");
    }
  }
}
