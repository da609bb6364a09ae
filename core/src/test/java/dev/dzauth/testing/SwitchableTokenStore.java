package dev.dzauth.testing;

import dev.dzauth.status.FeedEntry;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import dev.dzauth.store.ChangeOrigin;
import dev.dzauth.store.ForwardingTokenStore;
import dev.dzauth.store.TokenRecord;
import dev.dzauth.store.TokenStore;
import java.time.Instant;
import java.util.Collection;
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
public final class SwitchableTokenStore extends ForwardingTokenStore {

  /** How many times {@link #recordLastUsed} was called. */
  public final AtomicInteger lastUsedCalls = new AtomicInteger();

  private final AtomicBoolean down;

  /** A store with its own switch, see {@link #setDown}. */
  public SwitchableTokenStore(TokenStore delegate) {
    this(delegate, new AtomicBoolean());
  }

  /** A store failing while {@code down} is set (a switch the test may share). */
  public SwitchableTokenStore(TokenStore delegate, AtomicBoolean down) {
    super(delegate);
    this.down = down;
  }

  /** Makes every call fail ({@code true}) or go through again ({@code false}). */
  public void setDown(boolean isDown) {
    down.set(isDown);
  }

  private void check() throws java.sql.SQLException {
    if (down.get()) {
      throw new java.sql.SQLTransientConnectionException("store is down (test)");
    }
  }

  @Override
  public VersionedStatus status(String jti) throws Exception {
    check();
    return super.status(jti);
  }

  @Override
  public Map<String, VersionedStatus> statuses(Collection<String> jtis) throws Exception {
    check();
    return super.statuses(jtis);
  }

  @Override
  public TokenRecord insert(TokenRecord record, ChangeOrigin origin) throws Exception {
    check();
    return super.insert(record, origin);
  }

  @Override
  public Optional<TokenRecord> findById(String id) throws Exception {
    check();
    return super.findById(id);
  }

  @Override
  public Optional<TokenRecord> revoke(
      String id, Instant at, ChangeOrigin origin, @Nullable String reason) throws Exception {
    check();
    return super.revoke(id, at, origin, reason);
  }

  @Override
  public Optional<TokenRecord> transition(
      String id, TokenStatus from, TokenStatus to, Instant at, ChangeOrigin origin)
      throws Exception {
    check();
    return super.transition(id, from, to, at, origin);
  }

  @Override
  public List<TokenRecord> page(PageQuery query) throws Exception {
    check();
    return super.page(query);
  }

  @Override
  public long count(String subject, String businessId, boolean includeRevoked) throws Exception {
    check();
    return super.count(subject, businessId, includeRevoked);
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsedById) throws Exception {
    check();
    lastUsedCalls.incrementAndGet();
    super.recordLastUsed(lastUsedById);
  }

  @Override
  public List<FeedEntry> changesSince(long afterSequence, int limit) throws Exception {
    check();
    return super.changesSince(afterSequence, limit);
  }

  @Override
  public long latestSequence() throws Exception {
    check();
    return super.latestSequence();
  }

  @Override
  public long pruneStatusFeed(Instant olderThan) throws Exception {
    check();
    return super.pruneStatusFeed(olderThan);
  }
}
