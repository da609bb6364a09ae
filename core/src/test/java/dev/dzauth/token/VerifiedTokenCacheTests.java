package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.testing.States;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.testing.Tokens;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A cache hit skips decoding and signature work, never time, key or status checks. */
final class VerifiedTokenCacheTests {

  private final TokenKey ours = TestKeys.es256();
  private final Harness h = new Harness(ours);

  @AfterEach
  void close() {
    h.close();
  }

  private MintedToken cached() {
    MintedToken t = h.mintActive();
    h.verifier.verify(t.token());
    h.verifier.verify(t.token());
    assertThat(h.verifier.stats().hits()).isEqualTo(1);
    return t;
  }

  @Test
  void verifyWhenCachedTokenExpiresThenExpired() {
    MintedToken t = cached();
    h.clock.advance(Duration.ofDays(1).plusSeconds(30));

    assertThat(h.reasonFor(t.token())).isEqualTo(Reason.EXPIRED);
    // Never served past its exp: the cached entry's deadline has passed, so this is a miss.
    assertThat(h.verifier.stats().hits()).isEqualTo(1);
    assertThat(h.verifier.stats().misses()).isEqualTo(2);
  }

  @Test
  void verifyWhenCachedLongerThanMaxAgeThenVerifiedFromScratchAndCachedAgain() {
    TokenVerifier shortLived =
        TokenVerifier.builder(Harness.ISSUER, h.ring, h.statuses)
            .clock(h.clock)
            .verifiedCacheMaxAge(Duration.ofMinutes(1))
            .build();
    MintedToken t = h.mintActive();
    shortLived.verify(t.token());
    shortLived.verify(t.token());
    assertThat(shortLived.stats().hits()).isEqualTo(1);

    h.clock.advance(Duration.ofMinutes(1));
    h.store.set(t.jti(), TokenStatus.ACTIVE);
    VerifiedToken again = shortLived.verify(t.token());
    shortLived.verify(t.token());

    assertThat(again.jti()).isEqualTo(t.jti());
    assertThat(shortLived.stats().misses()).isEqualTo(2);
    assertThat(shortLived.stats().hits()).isEqualTo(2);
  }

  @Test
  void verifyWhenCachedTokenIsRevokedThenRevokedAtOnce() {
    MintedToken t = cached();
    h.statuses.record(t.jti(), States.next("id-" + t.jti(), TokenStatus.REVOKED));

    assertThat(h.reasonFor(t.token())).isEqualTo(Reason.REVOKED);
  }

  @Test
  void verifyWhenCachedTokenIsSuspendedThenSuspendedUntilActivated() {
    MintedToken t = cached();
    h.statuses.record(t.jti(), States.next("id-" + t.jti(), TokenStatus.SUSPENDED));
    assertThat(h.reasonFor(t.token())).isEqualTo(Reason.SUSPENDED);

    h.statuses.record(t.jti(), States.next("id-" + t.jti(), TokenStatus.ACTIVE));
    assertThat(h.verifier.verify(t.token()).jti()).isEqualTo(t.jti());
  }

  @Test
  void verifyWhenCachedTokenIsDeletedThenDeleted() {
    MintedToken t = cached();
    h.statuses.record(t.jti(), States.next("id-" + t.jti(), TokenStatus.DELETED));

    assertThat(h.reasonFor(t.token())).isEqualTo(Reason.DELETED);
  }

  @Test
  void verifyWhenKeyOfCachedTokenIsRetiredThenUnknownKeyAtOnce() {
    MintedToken t = cached();
    TokenKey next = TokenKey.generate(SignatureAlgorithm.ES256, "next");
    h.ring.replace(h.ring.current().rotateTo(next).retire(ours.id()));

    assertThat(h.reasonFor(t.token())).isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void verifyWhenKidOfCachedTokenNowNamesAnotherKeyThenBadSignature() {
    MintedToken t = cached();
    TokenKey impostor = TokenKey.generate(SignatureAlgorithm.ES256, ours.id());
    h.ring.replace(KeySet.of(impostor));

    assertThat(h.reasonFor(t.token())).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void verifyWhenStoreIsDownAndStatusIsStaleThenStoreUnavailableEvenWhenCached() {
    MintedToken t = cached();
    // Pin the answer's write time to now (a load's is set when Caffeine completes it).
    h.statuses.record(t.jti(), States.next("id-" + t.jti(), TokenStatus.ACTIVE));
    h.store.failing(true);
    h.clock.advance(Duration.ofSeconds(31));

    assertThat(h.reasonFor(t.token())).isEqualTo(Reason.STORE_UNAVAILABLE);
  }

  @Test
  void verifyWhenTokensFailThenNoneEntersTheCache() {
    MintedToken revoked = h.mintActive();
    h.store.set(revoked.jti(), TokenStatus.REVOKED);
    MintedToken unknown =
        h.minter.mint(new MintRequest("u", "b", java.util.Set.of(), Duration.ofDays(1)));
    Map<String, Object> expired = h.activeClaims();
    expired.put("exp", h.clock.instant().getEpochSecond() - 60);
    TokenKey attacker = TokenKey.generate(SignatureAlgorithm.ES256, ours.id());
    String[] failing = {
      revoked.token(),
      unknown.token(),
      Tokens.sign(ours, Tokens.header(ours), expired),
      Tokens.sign(attacker, Tokens.header(ours), h.activeClaims()),
      h.mintActive().token() + "A",
    };

    for (String token : failing) {
      h.reasonFor(token);
      h.reasonFor(token);
    }

    assertThat(h.verifier.stats().size()).isZero();
    assertThat(h.verifier.stats().hits()).isZero();
    h.verifier.verify(h.mintActive().token());
    assertThat(h.verifier.stats().size()).isEqualTo(1);
  }

  @Test
  void verifyWhenCacheIsDisabledThenEveryVerificationIsAMissAndStillCorrect() {
    try (var statuses = dev.dzauth.status.StatusCache.builder(h.store).build()) {
      TokenVerifier uncached =
          TokenVerifier.builder(Harness.ISSUER, h.ring, statuses)
              .clock(h.clock)
              .verifiedCacheSize(0)
              .build();
      MintedToken t = h.mintActive();

      assertThat(uncached.verify(t.token()).jti()).isEqualTo(t.jti());
      assertThat(uncached.verify(t.token()).jti()).isEqualTo(t.jti());
      assertThat(uncached.stats().size()).isZero();
    }
  }
}
