package dev.dzauth.status;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A store's answer for one {@code jti}: the token record's id (absent when the token is
 * {@link TokenStatus#UNKNOWN unknown}) and its status.
 */
public record TokenState(@Nullable String tokenId, TokenStatus status) {

  private static final TokenState UNKNOWN = new TokenState(null, TokenStatus.UNKNOWN);

  public TokenState {
    Objects.requireNonNull(status, "status");
    if (tokenId == null && status != TokenStatus.UNKNOWN) {
      throw new IllegalArgumentException("a known token state needs its token id");
    }
  }

  /** The answer for a {@code jti} the store has no record of. */
  public static TokenState unknown() {
    return UNKNOWN;
  }

  /** A known token's state. */
  public static TokenState of(String tokenId, TokenStatus status) {
    return new TokenState(Objects.requireNonNull(tokenId, "tokenId"), status);
  }
}
