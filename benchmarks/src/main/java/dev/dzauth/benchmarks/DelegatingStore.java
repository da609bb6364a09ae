package dev.dzauth.benchmarks;

import dev.dzauth.store.ForwardingTokenStore;
import dev.dzauth.store.TokenStore;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TokenStore} that passes every call to another one, counting {@link #recordLastUsed}
 * calls (store writes of last uses) and the ids they carry, and optionally answering {@link
 * #latestSequence} with a fixed old sequence (a feed reader that starts behind, as after an
 * outage).
 */
class DelegatingStore extends ForwardingTokenStore {

  final TokenStore target;
  final AtomicLong lastUsedWrites = new AtomicLong();
  final AtomicLong lastUsedIds = new AtomicLong();
  private final long startSequence;

  DelegatingStore(TokenStore target) {
    this(target, -1);
  }

  /** {@code startSequence} ≥ 0: {@link #latestSequence} returns it instead of the feed's end. */
  DelegatingStore(TokenStore target, long startSequence) {
    super(target);
    this.target = target;
    this.startSequence = startSequence;
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsedById) throws Exception {
    lastUsedWrites.incrementAndGet();
    lastUsedIds.addAndGet(lastUsedById.size());
    super.recordLastUsed(lastUsedById);
  }

  @Override
  public long latestSequence() throws Exception {
    return startSequence >= 0 ? startSequence : super.latestSequence();
  }
}
