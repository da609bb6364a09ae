package dev.dzauth.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** Health: store, signing key and feed lag, driven by a fake ticker (no sleeping). */
final class DzAuthHealthIndicatorTests {

  private final InMemoryTokenStore store = new InMemoryTokenStore();
  private final TokenKey es256 = TokenKey.generate(SignatureAlgorithm.ES256, "k1");

  @Test
  void feedBehindMaxLagThenFallbackShownAndBeyondMaxStalenessThenDown() {
    AtomicLong nanos = new AtomicLong();
    try (StatusCache statuses = StatusCache.builder(store).ticker(nanos::get).build();
        StatusFeedPoller poller = StatusFeedPoller.builder(store, statuses).build()) {
      DzAuthHealthIndicator health =
          new DzAuthHealthIndicator(
              store, KeySetHolder.of(KeySet.of(es256)), poller, Duration.ofSeconds(30));
      assertThat(poller.pollOnce()).isTrue();
      Health up = health.health(true);
      assertThat(up.getStatus()).isEqualTo(Status.UP);
      assertThat(up.getDetails())
          .containsEntry("freshness", "anchored")
          .containsEntry("doorbell", "none");

      nanos.addAndGet(Duration.ofSeconds(4).toNanos()); // past maxLag (poll interval + 2 s)
      Health fallback = health.health(true);
      assertThat(fallback.getStatus()).as("fallback still serves, bounded").isEqualTo(Status.UP);
      assertThat(fallback.getDetails()).containsEntry("freshness", "fallback");

      nanos.addAndGet(Duration.ofSeconds(27).toNanos());
      Health down = health.health(true);
      assertThat(down.getStatus()).isEqualTo(Status.DOWN);
      assertThat(down.getDetails()).containsKey("feed");
    }
  }

  @Test
  void noSigningKeyThenDown() {
    Health h =
        new DzAuthHealthIndicator(
                store,
                KeySetHolder.of(KeySet.verificationOnly(es256.toPublicKey())),
                null,
                Duration.ofSeconds(30))
            .health(true);
    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
    assertThat(h.getDetails()).containsEntry("store", "reachable");
  }
}
