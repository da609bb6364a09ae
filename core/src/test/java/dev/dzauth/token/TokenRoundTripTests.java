package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import dev.dzauth.testing.States;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class TokenRoundTripTests {

  private final Map<String, VersionedStatus> states = new ConcurrentHashMap<>();

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void mintThenVerifyReturnsTheClaimsForEachAlgorithm(SignatureAlgorithm algorithm) {
    KeySetHolder ring = KeySetHolder.of(KeySet.of(TokenKey.generate(algorithm, "k1")));
    TokenMinter minter = TokenMinter.builder("https://issuer.test", ring).build();
    try (StatusCache cache =
        StatusCache.builder(jti -> states.getOrDefault(jti, VersionedStatus.unknown())).build()) {
      TokenVerifier verifier = TokenVerifier.builder("https://issuer.test", ring, cache).build();

      MintedToken minted =
          minter.mint(new MintRequest("user-1", "biz-1", Set.of("a", "b"), Duration.ofDays(1)));
      states.put(minted.jti(), States.next("id-1", TokenStatus.ACTIVE));

      VerifiedToken first = verifier.verify(minted.token());
      VerifiedToken second = verifier.verify(minted.token());

      assertThat(minted.token()).startsWith("dz_");
      assertThat(minted.toString()).doesNotContain(minted.token());
      assertThat(first.subject()).isEqualTo("user-1");
      assertThat(first.businessId()).isEqualTo("biz-1");
      assertThat(first.scopes()).containsExactlyInAnyOrder("a", "b");
      assertThat(first.tokenId()).isEqualTo("id-1");
      assertThat(second).isSameAs(first);
      assertThat(verifier.stats().hits()).isEqualTo(1);

      cache.record(minted.jti(), States.next("id-1", TokenStatus.REVOKED));
      assertThatThrownBy(() -> verifier.verify(minted.token()))
          .isInstanceOfSatisfying(
              DzAuthException.class,
              e -> assertThat(e.reason()).isEqualTo(DzAuthException.Reason.REVOKED));
    }
  }
}
