package dev.dzauth.lifecycle;

import dev.dzauth.store.TokenRecord;
import java.util.Objects;

/**
 * A created token: the token itself, shown to its owner this once, and its record. {@link
 * #toString()} leaves the token out.
 */
public record CreatedToken(String token, TokenRecord record) {

  public CreatedToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(record, "record");
  }

  @Override
  public String toString() {
    return "CreatedToken{record=" + record + "}";
  }
}
