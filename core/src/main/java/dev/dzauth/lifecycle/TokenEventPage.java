package dev.dzauth.lifecycle;

import dev.dzauth.store.TokenEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a token's lifecycle events, oldest first ({@link TokenService#events}).
 *
 * @param items the events of this page, in order (time, then id)
 * @param limit the page size asked for
 * @param nextCursor pass for the following page; {@code null} if none
 * @param hasNext whether there are events after this page
 */
public record TokenEventPage(
    List<TokenEvent> items, int limit, @Nullable String nextCursor, boolean hasNext) {

  public TokenEventPage {
    items = List.copyOf(items);
  }
}
