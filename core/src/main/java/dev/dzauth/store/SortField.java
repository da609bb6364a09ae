package dev.dzauth.store;

import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The columns a token list can be sorted by. Every sort has the record id as unique tie-breaker,
 * and a never-null key: a token that never expires sorts as expiring at {@link #NEVER}, one never
 * used as used at {@link Instant#EPOCH}.
 */
public enum SortField {
  CREATED_AT,
  NAME,
  EXPIRES_AT,
  LAST_USED_AT;

  /** The sort key of a token that never expires. */
  public static final Instant NEVER = Instant.parse("9999-12-31T23:59:59Z");

  /** The query value, e.g. {@code created_at}. */
  public String apiValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The field whose {@link #apiValue()} is {@code value}, or {@code null}. */
  public static @Nullable SortField fromApiValue(String value) {
    for (SortField f : values()) {
      if (f.apiValue().equals(value)) {
        return f;
      }
    }
    return null;
  }

  /** The sort key of {@code record}: an {@link Instant} or, for {@link #NAME}, a {@link String}. */
  public Comparable<?> keyOf(TokenRecord record) {
    return switch (this) {
      case CREATED_AT -> record.createdAt();
      case NAME -> record.name();
      case EXPIRES_AT -> record.expiresAt() == null ? NEVER : record.expiresAt();
      case LAST_USED_AT -> record.lastUsedAt() == null ? Instant.EPOCH : record.lastUsedAt();
    };
  }
}
