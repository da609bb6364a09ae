package dev.dzauth.lifecycle;

import dev.dzauth.store.TokenEvent;

/**
 * SPI: called with each lifecycle event after the change it records has committed, to send a
 * webhook, an e-mail, an audit record elsewhere. Driven by {@link EventOutbox} from the stored
 * events: at least once (a crash between the call and its acknowledgement calls it again after the
 * event's lease runs out, with the same {@link TokenEvent#id()}: deduplicate by it), never by two
 * instances at the same time, in no guaranteed order across tokens. Throwing schedules a retry with
 * backoff.
 */
@FunctionalInterface
public interface TokenEventListener {

  /**
   * Handles {@code event}; returning acknowledges it (it is not delivered again).
   *
   * @throws Exception to have it delivered again later
   */
  void onEvent(TokenEvent event) throws Exception;
}
