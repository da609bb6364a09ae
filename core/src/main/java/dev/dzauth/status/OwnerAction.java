package dev.dzauth.status;

/** What an owner-level change does to the tokens of an {@link OwnerScope}. */
public enum OwnerAction {
  /**
   * Revokes every token of the owner created before the change: final, and tokens created after it
   * are not affected.
   */
  REVOKE,
  /**
   * Suspends every token of the owner created before the change, until an {@link #ACTIVATE} of the
   * same scope. Tokens created after it are not affected.
   */
  SUSPEND,
  /** Ends the owner's suspension; tokens suspended or revoked one by one stay so. */
  ACTIVATE
}
