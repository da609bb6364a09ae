package dev.dzauth.status;

/** What the store knows of a token, by its {@code jti}. */
public enum TokenStatus {
  /** The token authenticates. */
  ACTIVE,
  /** The token is suspended: it authenticates nothing until activated again. */
  SUSPENDED,
  /** The token was revoked. Final: it never authenticates again. */
  REVOKED,
  /** The token was deleted. Final. */
  DELETED,
  /** The store has no record of the token. */
  UNKNOWN;

  /** Whether no later change can make the token authenticate again. */
  public boolean isFinal() {
    return this == REVOKED || this == DELETED;
  }
}
