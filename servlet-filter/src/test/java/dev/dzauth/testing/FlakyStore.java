package dev.dzauth.testing;

import dev.dzauth.lifecycle.TokenRecord;
import dev.dzauth.status.TokenState;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** An in-memory store that can be switched off: every call then fails, as an unreachable database. */
public final class FlakyStore implements TokenStore {

  private final InMemoryTokenStore delegate = new InMemoryTokenStore();
  public final AtomicBoolean down = new AtomicBoolean();

  private void check() {
    if (down.get()) {
      throw new IllegalStateException("store is down (test)");
    }
  }

  @Override
  public TokenState status(String jti) {
    check();
    return delegate.status(jti);
  }

  @Override
  public void insert(TokenRecord record) {
    check();
    delegate.insert(record);
  }

  @Override
  public Optional<TokenRecord> findById(String id) {
    check();
    return delegate.findById(id);
  }

  @Override
  public Optional<TokenRecord> revoke(String id, Instant at, String by, String reason) {
    check();
    return delegate.revoke(id, at, by, reason);
  }

  @Override
  public Optional<TokenRecord> transition(String id, TokenStatus from, TokenStatus to, Instant at) {
    check();
    return delegate.transition(id, from, to, at);
  }

  @Override
  public List<TokenRecord> page(PageQuery query) {
    check();
    return delegate.page(query);
  }

  @Override
  public long count(String subject, String businessId, boolean includeRevoked) {
    check();
    return delegate.count(subject, businessId, includeRevoked);
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsedById) {
    check();
    delegate.recordLastUsed(lastUsedById);
  }

  @Override
  public List<StatusChange> changesSince(long afterSequence, int limit) {
    check();
    return delegate.changesSince(afterSequence, limit);
  }
}
