package dev.dzauth.spring.boot.actuate;

import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.store.TokenStore;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenKey;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code dzAuth} health: UP when the token store answers a status query, the key set in service has
 * an active signing key and (with a status feed poller) the feed was read successfully within
 * {@code dz.auth.cache.status.max-staleness} (past it cached answers no longer serve: requests fail
 * closed); DOWN otherwise, with the reason in the details (never a token, never key material).
 * Details show whether statuses are anchored on the feed or in fallback (bounded staleness), and
 * the doorbell's state.
 */
final class DzAuthHealthIndicator extends AbstractHealthIndicator {

  /** A jti no token has: the store answers "unknown", which is all we need to know it answers. */
  private static final String PROBE_JTI = "00000000-0000-0000-0000-000000000000";

  private final TokenStore store;
  private final KeySetHolder keys;
  private final @Nullable StatusFeedPoller poller;
  private final Duration maxLag;

  DzAuthHealthIndicator(
      TokenStore store, KeySetHolder keys, @Nullable StatusFeedPoller poller, Duration maxLag) {
    super("dz-auth health check failed");
    this.store = store;
    this.keys = keys;
    this.poller = poller;
    this.maxLag = maxLag;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Optional<TokenKey> active = keys.current().activeKey();
    builder.withDetail("keys", keys.current().keys().size());
    active.ifPresent(
        k ->
            builder
                .withDetail("signingKey", k.id())
                .withDetail("algorithm", k.algorithm().jwsName()));
    long start = System.nanoTime();
    try {
      store.status(PROBE_JTI);
      builder
          .withDetail("store", "reachable")
          .withDetail("storeMillis", (System.nanoTime() - start) / 1_000_000);
    } catch (Exception e) {
      builder.down().withDetail("store", "unreachable: " + e.getClass().getSimpleName());
      return;
    }
    if (poller != null) {
      StatusFeedPoller.Lag lag = poller.lag();
      builder
          .withDetail("feedSequence", lag.lastSequence())
          .withDetail("feedLagMillis", lag.sinceLastSuccess().toMillis())
          .withDetail("freshness", lag.anchored() ? "anchored" : "fallback")
          .withDetail("doorbell", lag.doorbell().name().toLowerCase(java.util.Locale.ROOT));
      if (lag.sinceLastSuccess().compareTo(maxLag) > 0) {
        builder
            .down()
            .withDetail(
                "feed",
                "no successful poll for "
                    + lag.sinceLastSuccess().toSeconds()
                    + " s (bound "
                    + maxLag.toSeconds()
                    + " s)");
        return;
      }
    }
    if (active.isEmpty()) {
      builder.down().withDetail("signingKey", "none: the key set cannot sign");
      return;
    }
    builder.up();
  }
}
