package dev.dzauth.http;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Violation;
import dev.dzauth.lifecycle.ListQuery;
import dev.dzauth.lifecycle.Violations;
import dev.dzauth.store.SortField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The queries of {@code GET /api/v1/tokens} and {@code GET /api/v1/tokens/{id}/events}, parsed as
 * FastAPI and pydantic v2 parse query strings: every violation is collected, a repeated parameter
 * keeps its last value, unknown ones are ignored.
 */
final class Queries {

  private static final Set<String> TRUE = Set.of("1", "on", "t", "true", "y", "yes");
  private static final Set<String> FALSE = Set.of("0", "off", "f", "false", "n", "no");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,30}");
  private static final List<String> DIRECTIONS = List.of("next", "prev");
  private static final List<String> SORTS =
      Arrays.stream(SortField.values()).map(SortField::apiValue).toList();

  private Queries() {}

  static ListQuery listQuery(ApiRequest request) {
    List<Violation> violations = new ArrayList<>();
    boolean includeRevoked = bool(request, "include_revoked", false, violations);
    String cursor = request.queryValue("cursor");
    if (cursor != null && cursor.isEmpty()) {
      cursor = null;
    }
    int limit = limit(request, violations);
    String direction = request.queryValue("direction");
    boolean previous = false;
    if (direction != null) {
      if (!DIRECTIONS.contains(direction)) {
        violations.add(Violations.literal(List.of("query", "direction"), direction, DIRECTIONS));
      }
      previous = direction.equals("prev");
    }
    boolean includeTotal = bool(request, "include_total_count", false, violations);
    SortField sortBy = SortField.CREATED_AT;
    String sort = request.queryValue("sort_by");
    if (sort != null) {
      SortField f = SortField.fromApiValue(sort);
      if (f == null) {
        violations.add(Violations.literal(List.of("query", "sort_by"), sort, SORTS));
      } else {
        sortBy = f;
      }
    }
    boolean descending = bool(request, "descending", true, violations);
    if (!violations.isEmpty()) {
      throw DzAuthException.invalid(violations);
    }
    return new ListQuery(includeRevoked, cursor, limit, previous, includeTotal, sortBy, descending);
  }

  /**
   * The query of {@code GET /api/v1/tokens/{id}/events}.
   *
   * @param cursor a {@code next_cursor} of an earlier page, or {@code null} (absent or empty)
   * @param limit 1 to 100, default 50
   */
  record EventsQuery(@Nullable String cursor, int limit) {}

  /**
   * {@code cursor} and {@code limit}, read as the list reads them (the same 422s); other parameters
   * are ignored.
   */
  static EventsQuery eventsQuery(ApiRequest request) {
    List<Violation> violations = new ArrayList<>();
    String cursor = request.queryValue("cursor");
    if (cursor != null && cursor.isEmpty()) {
      cursor = null;
    }
    int limit = limit(request, violations);
    if (!violations.isEmpty()) {
      throw DzAuthException.invalid(violations);
    }
    return new EventsQuery(cursor, limit);
  }

  private static int limit(ApiRequest request, List<Violation> violations) {
    String raw = request.queryValue("limit");
    if (raw == null) {
      return ListQuery.DEFAULT_LIMIT;
    }
    List<Object> loc = List.of("query", "limit");
    String s = raw.strip();
    if (!INTEGER.matcher(s).matches()) {
      violations.add(Violations.intParsing(loc, raw));
      return ListQuery.DEFAULT_LIMIT;
    }
    java.math.BigInteger v = new java.math.BigInteger(s);
    if (v.signum() < 1) {
      violations.add(Violations.greaterThanEqual(loc, raw, 1));
    } else if (v.compareTo(java.math.BigInteger.valueOf(ListQuery.MAX_LIMIT)) > 0) {
      violations.add(Violations.lessThanEqual(loc, raw, ListQuery.MAX_LIMIT));
    } else {
      return v.intValue();
    }
    return ListQuery.DEFAULT_LIMIT;
  }

  /** pydantic's lax booleans: 1/0, on/off, t/f, true/false, y/n, yes/no, any case. */
  static boolean bool(ApiRequest request, String name, boolean absent, List<Violation> violations) {
    @Nullable String raw = request.queryValue(name);
    if (raw == null) {
      return absent;
    }
    String v = raw.toLowerCase(Locale.ROOT);
    if (TRUE.contains(v)) {
      return true;
    }
    if (FALSE.contains(v)) {
      return false;
    }
    violations.add(Violations.boolParsing(List.of("query", name), raw));
    return absent;
  }
}
