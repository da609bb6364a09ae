package dev.dzauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class RateLimiterTests {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void aBurstOfPerMinuteThenOnePermitPerSixtiethOfAMinuteOverPerMinute() {
    RateLimiter limiter = new RateLimiter(10, 100, now::get);
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.acquire("a")).as("permit %d", i).isZero();
    }
    Duration wait = limiter.acquire("a");
    assertThat(wait).isBetween(Duration.ofMillis(5999), Duration.ofMillis(6001));
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(limiter.acquire("a")).isBetween(Duration.ofMillis(999), Duration.ofMillis(1001));
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isPositive();
  }

  @Test
  void keysHaveTheirOwnBucketsAndAnIdleOneFillsUpToPerMinuteOnly() {
    RateLimiter limiter = new RateLimiter(2, 100, now::get);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isPositive();
    assertThat(limiter.acquire("b")).isZero();
    now.addAndGet(Duration.ofHours(1).toNanos());
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isPositive();
  }

  @Test
  void timeGoingBackwardsRefillsNothing() {
    RateLimiter limiter = new RateLimiter(1, 100, now::get);
    assertThat(limiter.acquire("a")).isZero();
    now.addAndGet(-Duration.ofHours(1).toNanos());
    assertThat(limiter.acquire("a")).isPositive();
  }

  @Test
  void atMostMaxKeysBucketsAreKeptTheLeastRecentlyUsedForgotten() {
    RateLimiter limiter = new RateLimiter(1, 3, now::get);
    for (String k : new String[] {"a", "b", "c"}) {
      limiter.acquire(k);
    }
    limiter.acquire("a"); // a is the most recently used now
    limiter.acquire("d"); // b goes
    assertThat(limiter.size()).isEqualTo(3);
    assertThat(limiter.acquire("a")).as("a is still remembered").isPositive();
    assertThat(limiter.acquire("b")).as("b was forgotten: a full bucket again").isZero();
  }

  @Test
  void perMinuteMustBePositive() {
    assertThatThrownBy(() -> new RateLimiter(0, 1, now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
