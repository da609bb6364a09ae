package dev.dzauth.lifecycle;

import dev.dzauth.store.SortField;
import org.jspecify.annotations.Nullable;

/**
 * The query of {@code GET /api/v1/tokens}, typed; the lifecycle checks ranges and the cursor.
 *
 * @param includeRevoked whether revoked tokens are listed (default false)
 * @param cursor a cursor from a previous page, or {@code null} for the first page
 * @param limit 1 to 100 (default 50)
 * @param previous {@code direction=prev}: the page before the cursor
 * @param includeTotalCount whether to count all matching tokens
 * @param sortBy the sort column (default {@link SortField#CREATED_AT})
 * @param descending the sort direction (default true)
 */
public record ListQuery(
    boolean includeRevoked,
    @Nullable String cursor,
    int limit,
    boolean previous,
    boolean includeTotalCount,
    SortField sortBy,
    boolean descending) {

  /** Default number of items per page. */
  public static final int DEFAULT_LIMIT = 50;

  /** Largest page. */
  public static final int MAX_LIMIT = 100;

  /** The first page with every default. */
  public static ListQuery firstPage() {
    return new ListQuery(false, null, DEFAULT_LIMIT, false, false, SortField.CREATED_AT, true);
  }
}
