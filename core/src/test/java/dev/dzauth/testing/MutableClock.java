package dev.dzauth.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A {@link Clock} that stands still until a test moves it, with a matching nanosecond ticker for
 * {@code StatusCache.Builder.ticker}: one {@link #advance} moves both. Thread-safe.
 */
public final class MutableClock extends Clock {

  private final Instant origin;
  private volatile Instant now;

  private MutableClock(Instant start) {
    this.origin = start;
    this.now = start;
  }

  /** A clock standing at {@code start}. */
  public static MutableClock at(Instant start) {
    return new MutableClock(Objects.requireNonNull(start, "start"));
  }

  /** A clock standing at 2026-01-01T00:00:00Z. */
  public static MutableClock fixed() {
    return at(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Moves the clock (and its ticker) forward by {@code amount}; returns the new instant. */
  public synchronized Instant advance(Duration amount) {
    now = now.plus(amount);
    return now;
  }

  /** Sets the clock to {@code instant}. */
  public synchronized void set(Instant instant) {
    now = Objects.requireNonNull(instant, "instant");
  }

  /** Nanoseconds since the clock's starting instant, as a Caffeine-style ticker. */
  public LongSupplier ticker() {
    return () -> Duration.between(origin, now).toNanos();
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new UnsupportedOperationException("a MutableClock is always UTC");
    }
    return this;
  }
}
