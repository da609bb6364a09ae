package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.testing.FakeStatusStore;
import dev.dzauth.testing.MutableClock;
import dev.dzauth.testing.Tokens;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A minter and a verifier over one key ring, a mutable clock and a fake status store. */
final class Harness implements AutoCloseable {

  static final String ISSUER = "https://issuer.test";

  final MutableClock clock = MutableClock.fixed();
  final FakeStatusStore store = new FakeStatusStore();
  final KeySetHolder ring;
  final StatusCache statuses;
  final TokenMinter minter;
  final TokenVerifier verifier;

  Harness(TokenKey active, TokenKey... others) {
    this.ring = KeySetHolder.of(KeySet.of(active, others));
    this.statuses = StatusCache.builder(store).ticker(clock.ticker()).build();
    this.minter = TokenMinter.builder(ISSUER, ring).clock(clock).build();
    this.verifier = TokenVerifier.builder(ISSUER, ring, statuses).clock(clock).build();
  }

  /** Mints an active token living one day. */
  MintedToken mintActive() {
    MintedToken t =
        minter.mint(new MintRequest("user-1", "biz-1", Set.of("read"), Duration.ofDays(1)));
    store.set(t.jti(), TokenStatus.ACTIVE);
    return t;
  }

  /** A valid claims set at the clock's time, its jti active in the store. */
  Map<String, Object> activeClaims() {
    Map<String, Object> claims = Tokens.claims(ISSUER, clock.instant(), Duration.ofHours(1));
    store.set((String) claims.get("jti"), TokenStatus.ACTIVE);
    return claims;
  }

  /** The reason {@code token} is refused; fails the test when it verifies. */
  Reason reasonFor(@Nullable String token) {
    DzAuthException e = catchThrowableOfType(DzAuthException.class, () -> verifier.verify(token));
    assertThat(e).as("verification failure").isNotNull();
    if (token != null && token.length() > 16) {
      assertThat(e.getMessage()).doesNotContain(token.substring(TokenFormat.PREFIX.length()));
    }
    return e.reason();
  }

  @Override
  public void close() {
    statuses.close();
  }
}
