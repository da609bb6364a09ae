package dev.dzauth.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC {@link Clock} a test moves by hand. Thread-safe. */
public final class MutableTestClock extends Clock {

  private volatile Instant now;

  /** A clock reading {@code start}. */
  public MutableTestClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock by {@code d}. */
  public void advance(Duration d) {
    now = now.plus(d);
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
    return this;
  }
}
