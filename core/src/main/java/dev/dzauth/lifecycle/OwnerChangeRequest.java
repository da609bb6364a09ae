package dev.dzauth.lifecycle;

import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerScope;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An owner-level change to make (or, with {@code dryRun}, to count): revoke, suspend or activate
 * every token of a business or of one subject in it.
 *
 * @param owner whose tokens
 * @param action what to do
 * @param reason why (at most {@value TokenService#MAX_REASON_LENGTH} characters), or {@code null}
 * @param dryRun whether only to count the tokens it would change, changing nothing
 */
public record OwnerChangeRequest(
    OwnerScope owner, OwnerAction action, @Nullable String reason, boolean dryRun) {

  public OwnerChangeRequest {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(action, "action");
  }
}
