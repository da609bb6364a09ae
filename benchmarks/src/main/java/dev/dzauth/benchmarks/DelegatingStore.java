package dev.dzauth.benchmarks;

import dev.dzauth.lifecycle.TokenRecord;
import dev.dzauth.status.TokenState;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.store.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} that passes every call to another one, counting {@link #recordLastUsed}
 * calls (store writes of last uses) and the ids they carry, and optionally answering {@link
 * #latestSequence} with a fixed old sequence (a feed reader that starts behind, as after an
 * outage).
 */
class DelegatingStore implements TokenStore {

  final TokenStore target;
  final AtomicLong lastUsedWrites = new AtomicLong();
  final AtomicLong lastUsedIds = new AtomicLong();
  private final long startSequence;

  DelegatingStore(TokenStore target) {
    this(target, -1);
  }

  /** {@code startSequence} ≥ 0: {@link #latestSequence} returns it instead of the feed's end. */
  DelegatingStore(TokenStore target, long startSequence) {
    this.target = target;
    this.startSequence = startSequence;
  }

  @Override
  public TokenState status(String jti) throws Exception {
    return target.status(jti);
  }

  @Override
  public void insert(TokenRecord record) throws Exception {
    target.insert(record);
  }

  @Override
  public Optional<TokenRecord> findById(String id) throws Exception {
    return target.findById(id);
  }

  @Override
  public Optional<TokenRecord> revoke(String id, Instant at, @Nullable String by, @Nullable String reason)
      throws Exception {
    return target.revoke(id, at, by, reason);
  }

  @Override
  public Optional<TokenRecord> transition(String id, TokenStatus from, TokenStatus to, Instant at)
      throws Exception {
    return target.transition(id, from, to, at);
  }

  @Override
  public List<TokenRecord> page(PageQuery query) throws Exception {
    return target.page(query);
  }

  @Override
  public long count(String subject, String businessId, boolean includeRevoked) throws Exception {
    return target.count(subject, businessId, includeRevoked);
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsedById) throws Exception {
    lastUsedWrites.incrementAndGet();
    lastUsedIds.addAndGet(lastUsedById.size());
    target.recordLastUsed(lastUsedById);
  }

  @Override
  public List<StatusChange> changesSince(long afterSequence, int limit) throws Exception {
    return target.changesSince(afterSequence, limit);
  }

  @Override
  public long latestSequence() throws Exception {
    return startSequence >= 0 ? startSequence : target.latestSequence();
  }
}
