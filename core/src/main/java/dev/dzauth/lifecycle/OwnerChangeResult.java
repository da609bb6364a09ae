package dev.dzauth.lifecycle;

import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerChange;
import dev.dzauth.status.OwnerScope;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an owner-level change did, or (dry run) would do.
 *
 * @param owner whose tokens
 * @param action what was asked
 * @param affected how many tokens the change moves to another state in effect, counted just before
 *     it was made (a token created or changed concurrently may fall on either side)
 * @param dryRun whether nothing was changed
 * @param change the durable change (its feed sequence, time, actor and reason); {@code null} for a
 *     dry run, or when there was nothing to change (activating an owner that is not suspended)
 */
public record OwnerChangeResult(
    OwnerScope owner,
    OwnerAction action,
    long affected,
    boolean dryRun,
    @Nullable OwnerChange change) {

  public OwnerChangeResult {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(action, "action");
    if (affected < 0) {
      throw new IllegalArgumentException("affected must not be negative");
    }
  }
}
