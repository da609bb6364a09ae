package dev.dzauth.lifecycle;

import dev.dzauth.store.TokenRecord;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a token list, in the shape of docs/API.md, Pagination.
 *
 * @param items the tokens of this page, in sort order
 * @param total all matching tokens, or {@code null} when not asked for
 * @param limit the page size asked for
 * @param nextCursor pass with {@code direction=next} for the following page; {@code null} if none
 * @param prevCursor pass with {@code direction=prev} for the page before; {@code null} if none
 * @param hasNext whether there are tokens after this page
 * @param hasPrev whether there are tokens before this page
 */
public record TokenPage(
    List<TokenRecord> items,
    @Nullable Long total,
    int limit,
    @Nullable String nextCursor,
    @Nullable String prevCursor,
    boolean hasNext,
    boolean hasPrev) {

  public TokenPage {
    items = List.copyOf(items);
  }
}
