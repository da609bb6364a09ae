package dev.dzauth.lifecycle;

import dev.dzauth.status.TokenStatus;
import dev.dzauth.store.TokenRecord;
import java.time.Instant;

/**
 * A token's status as the API shows it ({@code status}), derived in one place from its record:
 * revoked first, then expired, then suspended, else active.
 */
public enum EffectiveStatus {
  ACTIVE,
  SUSPENDED,
  REVOKED,
  EXPIRED;

  /** The status {@code record} shows at {@code now}. */
  public static EffectiveStatus of(TokenRecord record, Instant now) {
    if (record.state() == TokenStatus.REVOKED) {
      return REVOKED;
    }
    Instant expiresAt = record.expiresAt();
    if (expiresAt != null && !now.isBefore(expiresAt)) {
      return EXPIRED;
    }
    return record.state() == TokenStatus.SUSPENDED ? SUSPENDED : ACTIVE;
  }

  /** The API value: {@code active}, {@code suspended}, {@code revoked} or {@code expired}. */
  public String apiValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * What can be done to {@code record} at {@code now}: its status's actions, except that a token
   * suspended by an owner-level change cannot be activated on its own.
   */
  public static AvailableActions availableActions(TokenRecord record, Instant now) {
    AvailableActions actions = of(record, now).availableActions();
    return record.heldBy() == null
        ? actions
        : new AvailableActions(false, actions.suspend(), actions.revoke(), actions.delete());
  }

  /** What can be done to a token in this status. */
  public AvailableActions availableActions() {
    return switch (this) {
      case ACTIVE -> new AvailableActions(false, true, true, true);
      case SUSPENDED -> new AvailableActions(true, false, true, true);
      case EXPIRED -> new AvailableActions(false, false, true, true);
      case REVOKED -> new AvailableActions(false, false, false, true);
    };
  }

  /**
   * The {@code available_actions} of a token.
   *
   * @param activate whether {@code activate} would change it (it is suspended)
   * @param suspend whether {@code suspend} would change it (it is active)
   * @param revoke whether {@code revoke} would change it (it is not revoked yet)
   * @param delete whether it can be deleted (always)
   */
  public record AvailableActions(
      boolean activate, boolean suspend, boolean revoke, boolean delete) {}
}
