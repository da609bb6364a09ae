package dev.dzauth.testing;

import dev.dzauth.lifecycle.TokenRecord;
import dev.dzauth.status.StatusChange;
import dev.dzauth.status.TokenState;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.store.ForwardingTokenStore;
import dev.dzauth.store.InMemoryTokenStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** An in-memory store that can be switched off: every call then fails, as an unreachable database. */
public final class FlakyStore extends ForwardingTokenStore {

  public final AtomicBoolean down = new AtomicBoolean();

  public FlakyStore() {
    super(new InMemoryTokenStore());
  }

  private void check() {
    if (down.get()) {
      throw new IllegalStateException("store is down (test)");
    }
  }

  @Override
  public TokenState status(String jti) throws Exception {
    check();
    return super.status(jti);
  }

  @Override
  public Map<String, TokenState> statuses(Collection<String> jtis) throws Exception {
    check();
    return super.statuses(jtis);
  }

  @Override
  public void insert(TokenRecord record) throws Exception {
    check();
    super.insert(record);
  }

  @Override
  public Optional<TokenRecord> findById(String id) throws Exception {
    check();
    return super.findById(id);
  }

  @Override
  public Optional<TokenRecord> revoke(String id, Instant at, @Nullable String by, @Nullable String reason)
      throws Exception {
    check();
    return super.revoke(id, at, by, reason);
  }

  @Override
  public Optional<TokenRecord> transition(String id, TokenStatus from, TokenStatus to, Instant at)
      throws Exception {
    check();
    return super.transition(id, from, to, at);
  }

  @Override
  public List<TokenRecord> page(PageQuery q) throws Exception {
    check();
    return super.page(q);
  }

  @Override
  public long count(String subject, String businessId, boolean includeRevoked) throws Exception {
    check();
    return super.count(subject, businessId, includeRevoked);
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsedById) throws Exception {
    check();
    super.recordLastUsed(lastUsedById);
  }

  @Override
  public List<StatusChange> changesSince(long afterSequence, int limit) throws Exception {
    check();
    return super.changesSince(afterSequence, limit);
  }

  @Override
  public long latestSequence() throws Exception {
    check();
    return super.latestSequence();
  }
}
