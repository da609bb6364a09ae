package dev.dzauth.store;

import dev.dzauth.status.StatusChange;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} in memory: thread-safe (one lock; every operation is short), nothing
 * survives a restart. For tests, demos and single-instance services that accept that.
 */
public final class InMemoryTokenStore implements TokenStore {

  private final Object lock = new Object();
  private final Map<String, TokenRecord> byId = new HashMap<>();
  private final Map<String, String> idByJti = new HashMap<>();
  private final List<StatusChange> feed = new ArrayList<>();
  private final List<Instant> feedTimes = new ArrayList<>();

  /** Sequence of the entry before {@code feed.get(0)}: how many entries were pruned. */
  private long pruned;

  /** An empty store. */
  public InMemoryTokenStore() {}

  @Override
  public VersionedStatus status(String jti) {
    synchronized (lock) {
      return stateOf(idByJti.get(jti));
    }
  }

  private VersionedStatus stateOf(@Nullable String id) {
    TokenRecord record = id == null ? null : byId.get(id);
    return record == null ? VersionedStatus.unknown() : record.versionedStatus();
  }

  @Override
  public Map<String, VersionedStatus> statuses(Collection<String> jtis) {
    Map<String, VersionedStatus> out = new HashMap<>(jtis.size() * 2);
    synchronized (lock) {
      for (String jti : jtis) {
        out.put(jti, stateOf(idByJti.get(jti)));
      }
    }
    return out;
  }

  @Override
  public void insert(TokenRecord record) {
    synchronized (lock) {
      if (byId.containsKey(record.id()) || idByJti.containsKey(record.jti())) {
        throw new DuplicateRecordException(record.id());
      }
      byId.put(record.id(), record);
      idByJti.put(record.jti(), record.id());
    }
  }

  @Override
  public Optional<TokenRecord> findById(String id) {
    synchronized (lock) {
      return Optional.ofNullable(byId.get(id));
    }
  }

  @Override
  public Optional<TokenRecord> revoke(
      String id, Instant at, @Nullable String by, @Nullable String reason) {
    synchronized (lock) {
      TokenRecord r = byId.get(id);
      if (r == null || r.state().isFinal()) {
        return Optional.ofNullable(r);
      }
      return Optional.of(change(r.revoked(nextSequence(), at, by, reason)));
    }
  }

  @Override
  public Optional<TokenRecord> transition(String id, TokenStatus from, TokenStatus to, Instant at) {
    synchronized (lock) {
      TokenRecord r = byId.get(id);
      if (r == null || r.state() != from) {
        return Optional.ofNullable(r);
      }
      return Optional.of(change(r.withState(to, nextSequence(), at)));
    }
  }

  private long nextSequence() {
    return pruned + feed.size() + 1L;
  }

  private TokenRecord change(TokenRecord updated) {
    byId.put(updated.id(), updated);
    feed.add(
        new StatusChange(updated.stateVersion(), updated.jti(), updated.id(), updated.state()));
    feedTimes.add(updated.updatedAt());
    return updated;
  }

  @Override
  public List<TokenRecord> page(PageQuery q) {
    Comparator<TokenRecord> order = order(q.sortBy());
    if (q.descending()) {
      order = order.reversed();
    }
    List<TokenRecord> matching = new ArrayList<>();
    synchronized (lock) {
      for (TokenRecord r : byId.values()) {
        if (matches(r, q.subject(), q.businessId(), q.includeRevoked())
            && (q.after() == null || isAfter(r, q))) {
          matching.add(r);
        }
      }
    }
    matching.sort(order);
    return List.copyOf(matching.subList(0, Math.min(q.limit(), matching.size())));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<TokenRecord> order(SortField field) {
    Comparator<TokenRecord> byKey =
        (a, b) -> ((Comparable) field.keyOf(a)).compareTo(field.keyOf(b));
    return byKey.thenComparing(TokenRecord::id);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean isAfter(TokenRecord r, PageQuery q) {
    Position p = Objects.requireNonNull(q.after(), "after");
    int c = ((Comparable) q.sortBy().keyOf(r)).compareTo(p.key());
    if (c == 0) {
      c = r.id().compareTo(p.id());
    }
    return q.descending() ? c < 0 : c > 0;
  }

  private static boolean matches(
      TokenRecord r, String subject, String businessId, boolean includeRevoked) {
    return r.subject().equals(subject)
        && r.businessId().equals(businessId)
        && r.state() != TokenStatus.DELETED
        && (includeRevoked || r.state() != TokenStatus.REVOKED);
  }

  @Override
  public long count(String subject, String businessId, boolean includeRevoked) {
    synchronized (lock) {
      return byId.values().stream()
          .filter(r -> matches(r, subject, businessId, includeRevoked))
          .count();
    }
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsedById) {
    synchronized (lock) {
      lastUsedById.forEach(
          (id, at) -> {
            TokenRecord r = byId.get(id);
            if (r != null) {
              byId.put(id, r.usedAt(at));
            }
          });
    }
  }

  @Override
  public List<StatusChange> changesSince(long afterSequence, int limit) {
    synchronized (lock) {
      int from = (int) Math.min(Math.max(afterSequence - pruned, 0), feed.size());
      int to = Math.min(feed.size(), from + limit);
      return List.copyOf(feed.subList(from, to));
    }
  }

  @Override
  public long latestSequence() {
    synchronized (lock) {
      return pruned + feed.size();
    }
  }

  @Override
  public long pruneStatusFeed(Instant olderThan) {
    synchronized (lock) {
      int n = 0;
      while (n < feedTimes.size() && feedTimes.get(n).isBefore(olderThan)) {
        n++;
      }
      feed.subList(0, n).clear();
      feedTimes.subList(0, n).clear();
      pruned += n;
      return n;
    }
  }
}
