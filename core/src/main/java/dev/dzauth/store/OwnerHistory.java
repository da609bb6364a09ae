package dev.dzauth.store;

import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerChange;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.TokenStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Owner-level changes, oldest first, and the one rule of what they make of a token record ({@link
 * #apply}); every store answers records and statuses through it. Immutable.
 *
 * <p>The rule, for a record of subject {@code s} in business {@code b} that the store recorded at
 * feed sequence {@code c} ({@link TokenRecord#createdSequence()}), considering the changes whose
 * scope covers it (the whole of {@code b}, or {@code s} in {@code b}):
 *
 * <ol>
 *   <li>a record revoked or deleted on its own stays as it is;
 *   <li>else the first {@link OwnerAction#REVOKE} after {@code c} revokes it, with that change's
 *       time, actor and reason;
 *   <li>else, per scope, the latest {@link OwnerAction#SUSPEND} or {@link OwnerAction#ACTIVATE}: a
 *       suspension after {@code c} suspends it;
 *   <li>else its own state stands.
 * </ol>
 *
 * The answer's version is the highest of the record's own and of every covering change's sequence,
 * so it only grows.
 */
public final class OwnerHistory {

  private static final OwnerHistory NONE = new OwnerHistory(List.of());

  private final List<OwnerChange> changes;

  private OwnerHistory(List<OwnerChange> changes) {
    this.changes = changes;
  }

  /** No owner-level changes. */
  public static OwnerHistory none() {
    return NONE;
  }

  /** These changes, in sequence order. */
  public static OwnerHistory of(Collection<OwnerChange> changes) {
    if (changes.isEmpty()) {
      return NONE;
    }
    List<OwnerChange> sorted = new ArrayList<>(changes);
    sorted.sort(Comparator.comparingLong(OwnerChange::sequence));
    return new OwnerHistory(List.copyOf(sorted));
  }

  /** The changes, oldest first. */
  public List<OwnerChange> changes() {
    return changes;
  }

  /** This history followed by {@code change}. */
  public OwnerHistory with(OwnerChange change) {
    List<OwnerChange> more = new ArrayList<>(changes.size() + 1);
    more.addAll(changes);
    more.add(Objects.requireNonNull(change, "change"));
    return of(more);
  }

  /** Whether the latest suspension or activation of exactly {@code scope} is a suspension. */
  public boolean isSuspended(OwnerScope scope) {
    OwnerAction last = null;
    for (OwnerChange c : changes) {
      if (c.scope().equals(scope) && c.action() != OwnerAction.REVOKE) {
        last = c.action();
      }
    }
    return last == OwnerAction.SUSPEND;
  }

  /** The record {@code own} (as stored, its own state) as it is in effect. */
  public TokenRecord apply(TokenRecord own) {
    if (own.state().isFinal() || changes.isEmpty()) {
      return own;
    }
    long version = own.stateVersion();
    OwnerChange revoking = null;
    OwnerChange businessHold = null;
    OwnerChange subjectHold = null;
    for (OwnerChange c : changes) {
      if (!c.scope().covers(own.subject(), own.businessId())) {
        continue;
      }
      version = Math.max(version, c.sequence());
      if (c.action() == OwnerAction.REVOKE) {
        if (revoking == null && c.sequence() > own.createdSequence()) {
          revoking = c;
        }
      } else if (c.scope().isBusiness()) {
        businessHold = c;
      } else {
        subjectHold = c;
      }
    }
    if (revoking != null) {
      return own.heldBy(revoking, TokenStatus.REVOKED, version);
    }
    OwnerChange hold = suspending(businessHold, own);
    if (hold == null) {
      hold = suspending(subjectHold, own);
    }
    if (hold != null) {
      return own.heldBy(hold, TokenStatus.SUSPENDED, version);
    }
    return own.atVersion(version);
  }

  /** {@code latest} when it is a suspension that covers {@code own} (made after it was stored). */
  private static @Nullable OwnerChange suspending(@Nullable OwnerChange latest, TokenRecord own) {
    return latest != null
            && latest.action() == OwnerAction.SUSPEND
            && latest.sequence() > own.createdSequence()
        ? latest
        : null;
  }

  /**
   * How many of {@code records} (as stored) would change state in effect if {@code action} on
   * {@code scope} were appended now: the count of a dry run.
   */
  public long countChanged(Collection<TokenRecord> records, OwnerScope scope, OwnerAction action) {
    OwnerHistory after =
        with(new OwnerChange(Long.MAX_VALUE, scope, action, java.time.Instant.EPOCH, null, null));
    long n = 0;
    for (TokenRecord own : records) {
      if (scope.covers(own.subject(), own.businessId())
          && apply(own).state() != after.apply(own).state()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Whether {@code action} on {@code scope} would change nothing whatever tokens exist: activating
   * an owner that is not suspended. A store appends no entry for it.
   */
  public boolean isNoOp(OwnerScope scope, OwnerAction action) {
    return action == OwnerAction.ACTIVATE && !isSuspended(scope);
  }

  /**
   * The lowest {@link TokenRecord#createdSequence()} a record of {@code subject} in {@code
   * businessId} must have not to be revoked by an owner-level change (0 when none revokes):
   * listings without revoked tokens filter with it.
   */
  public long revokedBelow(String subject, String businessId) {
    long below = 0;
    for (OwnerChange c : changes) {
      if (c.action() == OwnerAction.REVOKE && c.scope().covers(subject, businessId)) {
        below = Math.max(below, c.sequence());
      }
    }
    return below;
  }

  /** Whether any change covers {@code subject} in {@code businessId}. */
  public boolean covers(String subject, String businessId) {
    for (OwnerChange c : changes) {
      if (c.scope().covers(subject, businessId)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "OwnerHistory" + changes;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof OwnerHistory h && h.changes.equals(changes);
  }

  @Override
  public int hashCode() {
    return changes.hashCode();
  }
}
