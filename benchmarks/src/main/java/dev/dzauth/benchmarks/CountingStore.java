package dev.dzauth.benchmarks;

import dev.dzauth.status.FeedEntry;
import dev.dzauth.status.VersionedStatus;
import dev.dzauth.store.ForwardingTokenStore;
import dev.dzauth.store.TokenStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link TokenStore} that passes every call on and counts, on the client side, the SQL statements
 * the status path sends: status lookups (one {@code SELECT … WHERE jti IN (…)} per 100 jtis, as
 * {@code JdbcTokenStore} chunks them) and feed reads. The fleet benchmark's cross-check of
 * PostgreSQL's own counters.
 */
final class CountingStore extends ForwardingTokenStore {

  /** The chunk size of {@code JdbcTokenStore.statuses}: one statement per this many jtis. */
  static final int STATUS_CHUNK = 100;

  final LongAdder lookupStatements = new LongAdder();
  final LongAdder lookupJtis = new LongAdder();
  final LongAdder feedStatements = new LongAdder();

  CountingStore(TokenStore target) {
    super(target);
  }

  @Override
  public VersionedStatus status(String jti) throws Exception {
    lookupStatements.increment();
    lookupJtis.increment();
    return super.status(jti);
  }

  @Override
  public Map<String, VersionedStatus> statuses(Collection<String> jtis) throws Exception {
    lookupStatements.add((jtis.size() + STATUS_CHUNK - 1) / STATUS_CHUNK);
    lookupJtis.add(jtis.size());
    return super.statuses(jtis);
  }

  @Override
  public List<FeedEntry> changesSince(long afterSequence, int limit) throws Exception {
    feedStatements.increment();
    return super.changesSince(afterSequence, limit);
  }

  @Override
  public long latestSequence() throws Exception {
    feedStatements.increment();
    return super.latestSequence();
  }

  @Override
  public long pruneStatusFeed(Instant olderThan) throws Exception {
    feedStatements.increment();
    return super.pruneStatusFeed(olderThan);
  }
}
