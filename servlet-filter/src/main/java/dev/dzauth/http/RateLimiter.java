package dev.dzauth.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per key: each key may spend {@code perMinute} requests at once, and gets them back
 * at {@code perMinute} per minute, continuously. At most {@code maxKeys} buckets are kept; past
 * that, the least recently used one is forgotten (its key starts again with a full bucket). Time is
 * {@code nanoTime}-like, so wall-clock steps do not refill or drain buckets. Thread-safe.
 */
final class RateLimiter {

  private final long perMinute;
  private final double nanosPerPermit;
  private final LongSupplier nanos;
  private final Map<String, Bucket> buckets;

  private static final class Bucket {
    double permits;
    long at;

    Bucket(double permits, long at) {
      this.permits = permits;
      this.at = at;
    }
  }

  RateLimiter(int perMinute, int maxKeys, LongSupplier nanos) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be at least 1, got " + perMinute);
    }
    this.perMinute = perMinute;
    this.nanosPerPermit = Duration.ofMinutes(1).toNanos() / (double) perMinute;
    this.nanos = nanos;
    this.buckets =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > maxKeys;
          }
        };
  }

  /**
   * Takes one permit of {@code key}'s bucket.
   *
   * @return {@link Duration#ZERO} when one was taken; otherwise how long until one is back (at
   *     least one nanosecond)
   */
  synchronized Duration acquire(String key) {
    long now = nanos.getAsLong();
    Bucket b = buckets.get(key);
    if (b == null) {
      b = new Bucket(perMinute, now);
      buckets.put(key, b);
    } else {
      long elapsed = Math.max(0, now - b.at);
      b.permits = Math.min(perMinute, b.permits + elapsed / nanosPerPermit);
      b.at = now;
    }
    if (b.permits >= 1) {
      b.permits -= 1;
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.max(1, (long) Math.ceil((1 - b.permits) * nanosPerPermit)));
  }

  /** The number of buckets kept. */
  synchronized int size() {
    return buckets.size();
  }
}
