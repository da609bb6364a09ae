package dev.dzauth.testing;

import dev.dzauth.lifecycle.TokenRecord;
import dev.dzauth.status.TokenState;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.store.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} that forwards everything, counts {@link #recordLastUsed} calls, and fails
 * every call (as an unreachable database would) while its {@code down} switch is set.
 */
public final class SwitchableTokenStore implements TokenStore {

  /** How many times {@link #recordLastUsed} was called. */
  public final AtomicInteger lastUsedCalls = new AtomicInteger();
  private final AtomicBoolean down;
  private final TokenStore delegate;

  /** A store with its own switch, see {@link #setDown}. */
  public SwitchableTokenStore(TokenStore delegate) {
    this(delegate, new AtomicBoolean());
  }

  /** A store failing while {@code down} is set (a switch the test may share). */
  public SwitchableTokenStore(TokenStore delegate, AtomicBoolean down) {
    this.delegate = delegate;
    this.down = down;
  }

  /** Makes every call fail ({@code true}) or go through again ({@code false}). */
  public void setDown(boolean isDown) {
    down.set(isDown);
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
    if (down.get()) {
      throw new java.sql.SQLTransientConnectionException("store is down (test)");
    }
  }
}
