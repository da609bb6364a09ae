package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.testing.TestKeys;
import dev.dzauth.testing.Tokens;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The JWS inside our tokens is standard: an independent library (jose4j) verifies it. */
final class InteroperabilityTests {

  private static JwtConsumer jose4j(SignatureAlgorithm alg, KeySet keys, Harness h)
      throws Exception {
    String jwks = alg.isAsymmetric() ? keys.toPublicJwkSetJson() : keys.toJwkSetJson();
    return new JwtConsumerBuilder()
        .setExpectedIssuer(Harness.ISSUER)
        .setExpectedType(true, TokenFormat.TYPE)
        .setRequireExpirationTime()
        .setRequireIssuedAt()
        .setRequireNotBefore()
        .setRequireJwtId()
        .setRequireSubject()
        .setEvaluationTime(NumericDate.fromSeconds(h.clock.instant().getEpochSecond()))
        .setJwsAlgorithmConstraints(ConstraintType.PERMIT, alg.jwsName())
        .setVerificationKeyResolver(
            new org.jose4j.keys.resolvers.JwksVerificationKeyResolver(
                new JsonWebKeySet(jwks).getJsonWebKeys()))
        .build();
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void mintWhenVerifiedByJose4jThenSignatureAndClaimsAreAccepted(SignatureAlgorithm alg)
      throws Exception {
    TokenKey key = TestKeys.of(alg);
    try (Harness h = new Harness(key)) {
      MintedToken t = h.mintActive();

      JwtClaims claims = jose4j(alg, h.ring.current(), h).processToClaims(Tokens.jws(t.token()));

      assertThat(claims.getJwtId()).isEqualTo(t.jti());
      assertThat(claims.getSubject()).isEqualTo("user-1");
      assertThat(claims.getClaimValueAsString(TokenFormat.CLAIM_BUSINESS_ID)).isEqualTo("biz-1");
      assertThat(claims.getClaimValueAsString(TokenFormat.CLAIM_TOKEN_TYPE)).isEqualTo("api");
      assertThat(claims.getExpirationTime().getValue()).isEqualTo(t.expiresAt().getEpochSecond());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = SignatureAlgorithm.class,
      names = {"HS256", "ES256", "RS256"})
  void mintWhenTamperedThenJose4jRejectsItToo(SignatureAlgorithm alg) throws Exception {
    // Proves the jose4j check above can fail.
    TokenKey key = TestKeys.of(alg);
    try (Harness h = new Harness(key)) {
      String[] s = Tokens.segments(h.mintActive().token());
      String other = Tokens.segments(h.mintActive().token())[1];

      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  jose4j(alg, h.ring.current(), h).processToClaims(s[0] + "." + other + "." + s[2]))
          .isInstanceOf(InvalidJwtException.class);
    }
  }
}
