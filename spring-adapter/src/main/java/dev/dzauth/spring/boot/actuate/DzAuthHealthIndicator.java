package dev.dzauth.spring.boot.actuate;

import dev.dzauth.store.TokenStore;
import dev.dzauth.token.KeyRing;
import dev.dzauth.token.TokenKey;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code dzAuth} health: UP when the token store answers a status query and the key set in
 * service has an active signing key; DOWN otherwise, with the reason in the details (never a
 * token, never key material).
 */
final class DzAuthHealthIndicator extends AbstractHealthIndicator {

  /** A jti no token has: the store answers "unknown", which is all we need to know it answers. */
  private static final String PROBE_JTI = "00000000-0000-0000-0000-000000000000";

  private final TokenStore store;
  private final KeyRing keys;

  DzAuthHealthIndicator(TokenStore store, KeyRing keys) {
    super("dz-auth health check failed");
    this.store = store;
    this.keys = keys;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Optional<TokenKey> active = keys.current().activeKey();
    builder.withDetail("keys", keys.current().keys().size());
    active.ifPresent(k -> builder.withDetail("signingKey", k.id()).withDetail("algorithm", k.algorithm().jwsName()));
    long start = System.nanoTime();
    try {
      store.status(PROBE_JTI);
      builder.withDetail("store", "reachable")
          .withDetail("storeMillis", (System.nanoTime() - start) / 1_000_000);
    } catch (Exception e) {
      builder.down().withDetail("store", "unreachable: " + e.getClass().getSimpleName());
      return;
    }
    if (active.isEmpty()) {
      builder.down().withDetail("signingKey", "none: the key set cannot sign");
      return;
    }
    builder.up();
  }
}
