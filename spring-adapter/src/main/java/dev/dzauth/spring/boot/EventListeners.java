package dev.dzauth.spring.boot;

import dev.dzauth.lifecycle.TokenEventListener;
import dev.dzauth.store.TokenEvent;
import java.util.List;

/**
 * The application's {@link TokenEventListener} beans as the one listener of the events' outbox: one
 * bean is used as it is; several are called in their order ({@code @Order}) for each event, and a
 * failure of one has the event delivered again to all of them (delivery is at least once: a
 * listener deduplicates by {@link TokenEvent#id()}).
 */
final class EventListeners {

  private EventListeners() {}

  static TokenEventListener of(List<TokenEventListener> listeners) {
    if (listeners.size() == 1) {
      return listeners.get(0);
    }
    List<TokenEventListener> all = List.copyOf(listeners);
    return event -> {
      for (TokenEventListener l : all) {
        l.onEvent(event);
      }
    };
  }
}
