package dev.dzauth.status;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An owner-level change: one durable entry that applies {@code action} to every token of {@code
 * scope} created before it (see {@link OwnerAction}). Written as one row and one feed entry,
 * however many tokens it affects.
 *
 * @param sequence its feed sequence; a token is affected when the store recorded it at a lower one
 * @param scope the owner
 * @param action what it does
 * @param at when it was made
 * @param by who made it, or {@code null}
 * @param reason why, or {@code null}
 */
public record OwnerChange(
    long sequence,
    OwnerScope scope,
    OwnerAction action,
    Instant at,
    @Nullable String by,
    @Nullable String reason)
    implements FeedEntry {

  public OwnerChange {
    if (sequence < 1) {
      throw new IllegalArgumentException("a feed sequence starts at 1, got " + sequence);
    }
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(at, "at");
  }
}
