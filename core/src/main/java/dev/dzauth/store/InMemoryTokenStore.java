package dev.dzauth.store;

import dev.dzauth.status.FeedEntry;
import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerChange;
import dev.dzauth.status.OwnerScope;
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
  private final List<FeedEntry> feed = new ArrayList<>();
  private final Map<String, OwnerHistory> ownerHistories = new HashMap<>();
  private final Map<String, StoredEvent> events = new java.util.LinkedHashMap<>();
  private final java.util.Set<String> warned = new java.util.HashSet<>();
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
    return record == null ? VersionedStatus.unknown() : effective(record).versionedStatus();
  }

  /** The stored record {@code own} as in effect. Called under the lock. */
  private TokenRecord effective(TokenRecord own) {
    return history(own.businessId()).apply(own);
  }

  private OwnerHistory history(String businessId) {
    return ownerHistories.getOrDefault(businessId, OwnerHistory.none());
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
  public TokenRecord insert(TokenRecord record, ChangeOrigin origin) {
    synchronized (lock) {
      if (byId.containsKey(record.id()) || idByJti.containsKey(record.jti())) {
        throw new DuplicateRecordException(record.id());
      }
      TokenRecord stored = record.storedAt(latestSequence());
      byId.put(record.id(), stored);
      idByJti.put(record.jti(), record.id());
      log(TokenEvent.of(TokenEvent.Type.CREATED, stored.createdAt(), stored, origin, null));
      return stored;
    }
  }

  @Override
  public Optional<TokenRecord> findById(String id) {
    synchronized (lock) {
      TokenRecord own = byId.get(id);
      return own == null ? Optional.empty() : Optional.of(effective(own));
    }
  }

  @Override
  public Optional<TokenRecord> revoke(
      String id, Instant at, ChangeOrigin origin, @Nullable String reason) {
    synchronized (lock) {
      TokenRecord r = byId.get(id);
      if (r == null) {
        return Optional.empty();
      }
      TokenRecord now = effective(r);
      if (now.state().isFinal()) {
        return Optional.of(now);
      }
      TokenRecord revoked = change(r.revoked(nextSequence(), at, origin.actor(), reason));
      log(TokenEvent.of(TokenEvent.Type.REVOKED, at, revoked, origin, reason));
      return Optional.of(revoked);
    }
  }

  @Override
  public Optional<TokenRecord> transition(
      String id, TokenStatus from, TokenStatus to, Instant at, ChangeOrigin origin) {
    synchronized (lock) {
      TokenRecord r = byId.get(id);
      if (r == null) {
        return Optional.empty();
      }
      TokenRecord now = effective(r);
      if (now.state() != from) {
        return Optional.of(now);
      }
      TokenRecord moved = change(r.withState(to, nextSequence(), at));
      log(TokenEvent.of(TokenEvent.Type.of(to), at, moved, origin, null));
      return Optional.of(moved);
    }
  }

  @Override
  public Optional<TokenRecord> roll(
      String id, TokenRecord successor, Instant notAfter, Instant at, ChangeOrigin origin) {
    synchronized (lock) {
      TokenRecord r = byId.get(id);
      if (r == null) {
        return Optional.empty();
      }
      TokenRecord now = effective(r);
      if (now.state() != TokenStatus.ACTIVE || r.rolledTo() != null) {
        return Optional.of(now);
      }
      if (byId.containsKey(successor.id()) || idByJti.containsKey(successor.jti())) {
        throw new DuplicateRecordException(successor.id());
      }
      TokenRecord rolled = change(r.rolled(successor.id(), notAfter, nextSequence(), at));
      TokenRecord next = successor.storedAt(latestSequence());
      byId.put(successor.id(), next);
      idByJti.put(successor.jti(), successor.id());
      log(TokenEvent.of(TokenEvent.Type.ROLLED, at, rolled, origin, successor.id()));
      log(TokenEvent.of(TokenEvent.Type.CREATED, at, next, origin, null));
      return Optional.of(rolled);
    }
  }

  @Override
  public Optional<OwnerChange> changeOwner(
      OwnerScope scope,
      OwnerAction action,
      Instant at,
      ChangeOrigin origin,
      @Nullable String reason) {
    synchronized (lock) {
      OwnerHistory history = history(scope.businessId());
      if (history.isNoOp(scope, action)) {
        return Optional.empty();
      }
      OwnerChange change =
          new OwnerChange(nextSequence(), scope, action, at, origin.actor(), reason);
      ownerHistories.put(scope.businessId(), history.with(change));
      feed.add(change);
      feedTimes.add(at);
      log(TokenEvent.of(change, origin));
      return Optional.of(change);
    }
  }

  @Override
  public long countAffected(OwnerScope scope, OwnerAction action) {
    synchronized (lock) {
      List<TokenRecord> live = new ArrayList<>();
      for (TokenRecord r : byId.values()) {
        if (!r.state().isFinal() && scope.covers(r.subject(), r.businessId())) {
          live.add(r);
        }
      }
      return history(scope.businessId()).countChanged(live, scope, action);
    }
  }

  private long nextSequence() {
    return pruned + feed.size() + 1L;
  }

  /** Stores {@code updated} (its own state) and appends its feed entry; answers it in effect. */
  private TokenRecord change(TokenRecord updated) {
    byId.put(updated.id(), updated);
    TokenRecord now = effective(updated);
    VersionedStatus status = now.versionedStatus();
    feed.add(
        new StatusChange(
            updated.stateVersion(),
            updated.jti(),
            updated.id(),
            status.status(),
            status.notAfter()));
    feedTimes.add(updated.updatedAt());
    return now;
  }

  @Override
  public List<TokenRecord> page(PageQuery q) {
    Comparator<TokenRecord> order = order(q.sortBy());
    if (q.descending()) {
      order = order.reversed();
    }
    List<TokenRecord> matching = new ArrayList<>();
    synchronized (lock) {
      for (TokenRecord own : byId.values()) {
        TokenRecord r = effective(own);
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
          .map(this::effective)
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
  public List<FeedEntry> changesSince(long afterSequence, int limit) {
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

  // ---- events -------------------------------------------------------------------------------

  /** An event and its delivery state. Guarded by the lock. */
  private static final class StoredEvent {
    TokenEvent event;
    @Nullable Instant deliveredAt;
    Instant due;
    @Nullable String claimedBy;
    @Nullable Instant claimedUntil;

    StoredEvent(TokenEvent event) {
      this.event = event;
      this.due = event.occurredAt();
    }
  }

  private void log(TokenEvent event) {
    events.put(event.id(), new StoredEvent(event));
  }

  private static final Comparator<TokenEvent> EVENT_ORDER =
      Comparator.comparing(TokenEvent::occurredAt).thenComparing(TokenEvent::id);

  @Override
  public List<TokenEvent> events(String tokenId, TokenEvent.@Nullable Position after, int limit) {
    synchronized (lock) {
      List<TokenEvent> out = new ArrayList<>();
      for (StoredEvent e : events.values()) {
        TokenEvent t = e.event;
        if (tokenId.equals(t.tokenId())
            && (after == null
                || t.occurredAt().isAfter(after.occurredAt())
                || (t.occurredAt().equals(after.occurredAt())
                    && t.id().compareTo(after.id()) > 0))) {
          out.add(t);
        }
      }
      out.sort(EVENT_ORDER);
      return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }
  }

  @Override
  public List<TokenEvent> claimEvents(
      String claimer, Instant now, java.time.Duration lease, int limit) {
    synchronized (lock) {
      List<StoredEvent> due = new ArrayList<>();
      for (StoredEvent e : events.values()) {
        if (e.deliveredAt == null
            && !e.due.isAfter(now)
            && (e.claimedUntil == null || e.claimedUntil.isBefore(now))) {
          due.add(e);
        }
      }
      due.sort(Comparator.comparing((StoredEvent e) -> e.due).thenComparing(e -> e.event.id()));
      List<TokenEvent> out = new ArrayList<>();
      for (StoredEvent e : due.subList(0, Math.min(limit, due.size()))) {
        e.claimedBy = claimer;
        e.claimedUntil = now.plus(lease);
        out.add(e.event);
      }
      return out;
    }
  }

  @Override
  public void eventDelivered(String eventId, String claimer, Instant at) {
    synchronized (lock) {
      StoredEvent e = events.get(eventId);
      if (e != null && claimer.equals(e.claimedBy) && e.deliveredAt == null) {
        e.deliveredAt = at;
        e.claimedBy = null;
        e.claimedUntil = null;
      }
    }
  }

  @Override
  public void eventFailed(String eventId, String claimer, Instant retryAt) {
    synchronized (lock) {
      StoredEvent e = events.get(eventId);
      if (e != null && claimer.equals(e.claimedBy) && e.deliveredAt == null) {
        e.event = e.event.failedOnce();
        e.due = retryAt;
        e.claimedBy = null;
        e.claimedUntil = null;
      }
    }
  }

  @Override
  public int warnExpiring(Instant now, java.time.Duration lead, int limit) {
    synchronized (lock) {
      Instant until = now.plus(lead);
      int n = 0;
      for (TokenRecord own : byId.values()) {
        if (n >= limit) {
          break;
        }
        Instant expires = own.expiresAt();
        if (expires == null
            || !expires.isAfter(now)
            || expires.isAfter(until)
            || own.rolledTo() != null
            || effective(own).state() != TokenStatus.ACTIVE
            || !warned.add(own.id() + ":" + lead.getSeconds())) {
          continue;
        }
        log(
            TokenEvent.of(
                TokenEvent.Type.EXPIRING_SOON, now, own, ChangeOrigin.none(), lead.toString()));
        n++;
      }
      return n;
    }
  }

  @Override
  public long pruneEvents(Instant olderThan) {
    synchronized (lock) {
      long before = events.size();
      events.values().removeIf(e -> e.event.occurredAt().isBefore(olderThan));
      return before - events.size();
    }
  }
}
