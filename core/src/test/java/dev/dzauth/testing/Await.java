package dev.dzauth.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A bounded polling loop for integration tests waiting on real I/O (a server, a socket): checks
 * every millisecond or so until the condition holds or the limit passes. Never a substitute for a
 * latch where the test controls both sides.
 */
public final class Await {

  private Await() {}

  /**
   * Waits until {@code condition} holds; returns how long it took, or throws past {@code limit}.
   */
  public static Duration until(String what, Duration limit, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + limit + ": " + what);
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
