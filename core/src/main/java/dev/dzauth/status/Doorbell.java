package dev.dzauth.status;

/**
 * SPI: wakes a {@link StatusFeedPoller} as soon as a status change may have been committed, so that
 * changes reach this instance in milliseconds instead of within the poll interval.
 *
 * <p>A doorbell carries no data. The feed stays the only source of truth: a lost, duplicated or
 * late ring changes latency, never correctness (a missed ring leaves the poll interval as the
 * bound). Implementations run on a thread of their own, reconnect by themselves, and never throw
 * from {@link #start} or {@link #close}.
 */
public interface Doorbell extends AutoCloseable {

  /**
   * Starts listening; calls {@code ring} for every notification received, and once after every
   * (re)connection (changes may have been committed while it was not listening). Called once.
   */
  void start(Runnable ring);

  /** Whether it is connected and known to receive notifications now (for health and metrics). */
  boolean isListening();

  /**
   * Called after this instance made a status change durable, for doorbells that announce changes
   * out of band after the commit (Redis). Doorbells whose ring is sent by the change's own
   * transaction (PostgreSQL {@code NOTIFY}) do nothing. Must not block for long nor throw.
   */
  default void changed() {}

  /** Stops listening and releases the connection. */
  @Override
  void close();
}
