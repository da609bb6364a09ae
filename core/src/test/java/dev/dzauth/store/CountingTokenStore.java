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

/** A {@link TokenStore} that counts {@link #recordLastUsed} calls and forwards everything. */
final class CountingTokenStore implements TokenStore {

  final AtomicInteger lastUsedCalls = new AtomicInteger();
  private final TokenStore delegate;

  CountingTokenStore(TokenStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public TokenState status(String jti) throws Exception {
    return delegate.status(jti);
  }

  @Override
  public void insert(TokenRecord record) throws Exception {
    delegate.insert(record);
  }

  @Override
  public Optional<TokenRecord> findById(String id) throws Exception {
    return delegate.findById(id);
  }

  @Override
  public Optional<TokenRecord> revoke(String id, Instant at, @Nullable String by, @Nullable String reason)
      throws Exception {
    return delegate.revoke(id, at, by, reason);
  }

  @Override
  public Optional<TokenRecord> transition(String id, TokenStatus from, TokenStatus to, Instant at)
      throws Exception {
    return delegate.transition(id, from, to, at);
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
    lastUsedCalls.incrementAndGet();
    delegate.recordLastUsed(lastUsedById);
  }

  @Override
  public List<StatusChange> changesSince(long afterSequence, int limit) throws Exception {
    return delegate.changesSince(afterSequence, limit);
  }

  @Override
  public long latestSequence() throws Exception {
    return delegate.latestSequence();
  }
}
