package dev.dzauth.lifecycle;

import dev.dzauth.store.TokenRecord;
import java.util.Objects;

/**
 * A rolled token: its successor (the token itself, shown to its owner this once, and its record)
 * and the replaced record, whose {@code expiresAt} is now the end of its grace period. {@link
 * #toString()} leaves the token out.
 */
public record RolledToken(String token, TokenRecord successor, TokenRecord previous) {

  public RolledToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(successor, "successor");
    Objects.requireNonNull(previous, "previous");
  }

  @Override
  public String toString() {
    return "RolledToken{successor=" + successor + ", previous=" + previous + "}";
  }
}
