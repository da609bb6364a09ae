package dev.dzauth.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * SPI: the store's log of {@link TokenEvent}s, which is also the outbox their delivery is driven
 * from. Every change of a {@link TokenStore} writes its event in its own transaction; this part
 * reads, claims, marks and prunes them.
 *
 * <p>Delivery claims: {@link #claimEvents} gives each undelivered, due event to one claimer for a
 * lease; while the lease runs no other claimer gets it, so instances never deliver one event at the
 * same time. A claimer that dies leaves the lease to run out, and the event is claimed again
 * (delivery is at least once; the event id is stable).
 */
public interface TokenEventLog {

  /**
   * One page of the events of token {@code tokenId}, oldest first (by time, then id), after {@code
   * after} (exclusive; {@code null} from the start), at most {@code limit}. Owner-level events are
   * not included: they belong to no token.
   */
  List<TokenEvent> events(String tokenId, TokenEvent.@Nullable Position after, int limit)
      throws Exception;

  /**
   * Claims up to {@code limit} undelivered events that are due at {@code now} and not claimed by a
   * running lease, for {@code claimer}, until {@code now + lease}; oldest due first.
   */
  List<TokenEvent> claimEvents(String claimer, Instant now, Duration lease, int limit)
      throws Exception;

  /** Marks an event {@code claimer} holds delivered; a claim lost meanwhile changes nothing. */
  void eventDelivered(String eventId, String claimer, Instant at) throws Exception;

  /**
   * Gives back an event {@code claimer} holds after a failed delivery, due again at {@code
   * retryAt}, with one more attempt counted.
   */
  void eventFailed(String eventId, String claimer, Instant retryAt) throws Exception;

  /**
   * Writes an {@link TokenEvent.Type#EXPIRING_SOON} event, once per token and {@code lead}, for up
   * to {@code limit} tokens active in effect that expire after {@code now} and within {@code lead}
   * (rolled tokens excluded): exactly once across instances, by a row per token and lead time
   * written in the event's transaction.
   *
   * @return how many events were written
   */
  int warnExpiring(Instant now, Duration lead, int limit) throws Exception;

  /** Removes events that occurred before {@code olderThan}, delivered or not. */
  long pruneEvents(Instant olderThan) throws Exception;
}
