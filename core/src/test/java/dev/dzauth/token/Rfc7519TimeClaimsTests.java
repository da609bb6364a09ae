package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.testing.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 7519 §4.1.4–4.1.6: exp, nbf and iat against the injected clock, with the 30 s skew. */
final class Rfc7519TimeClaimsTests {

  private static final Duration SKEW = Duration.ofSeconds(30);

  private final TokenKey ours = TestKeys.es256();
  private final Harness h = new Harness(ours);
  private final Instant t0 = h.clock.instant();

  @AfterEach
  void close() {
    h.close();
  }

  private String token(Map<String, Object> claims) {
    return Tokens.sign(ours, Tokens.header(ours), claims);
  }

  @Test
  void verifyWhenExpiredBeyondSkewThenExpiredAndJustInsideSkewAccepted() {
    Map<String, Object> claims = h.activeClaims();
    claims.put("exp", t0.getEpochSecond() + 60);
    String token = token(claims);

    h.clock.set(t0.plusSeconds(60).plus(SKEW).minusMillis(1));
    assertThat(h.verifier.verify(token).jti()).isEqualTo(claims.get("jti"));

    h.clock.set(t0.plusSeconds(60).plus(SKEW));
    assertThat(h.reasonFor(token)).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void verifyWhenExpIsInThePastAtFirstSightThenExpired() {
    Map<String, Object> claims = h.activeClaims();
    claims.put("iat", t0.getEpochSecond() - 3600);
    claims.put("nbf", t0.getEpochSecond() - 3600);
    claims.put("exp", t0.getEpochSecond() - 31);

    assertThat(h.reasonFor(token(claims))).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void verifyWhenNotBeforeIsBeyondSkewThenNotYetValidAndAtSkewAccepted() {
    Map<String, Object> claims = h.activeClaims();
    claims.put("nbf", t0.getEpochSecond() + 30);
    Map<String, Object> later = h.activeClaims();
    later.put("nbf", t0.getEpochSecond() + 31);

    assertThat(h.verifier.verify(token(claims)).jti()).isEqualTo(claims.get("jti"));
    assertThat(h.reasonFor(token(later))).isEqualTo(Reason.NOT_YET_VALID);
  }

  @Test
  void verifyWhenIssuedAtIsInTheFutureBeyondSkewThenNotYetValid() {
    Map<String, Object> atSkew = h.activeClaims();
    atSkew.put("iat", t0.getEpochSecond() + 30);
    Map<String, Object> beyond = h.activeClaims();
    beyond.put("iat", t0.getEpochSecond() + 31);

    assertThat(h.verifier.verify(token(atSkew)).issuedAt()).isEqualTo(t0.plusSeconds(30));
    assertThat(h.reasonFor(token(beyond))).isEqualTo(Reason.NOT_YET_VALID);
  }

  @Test
  void verifyWhenNotYetValidTokenBecomesValidThenAcceptedLater() {
    Map<String, Object> claims = h.activeClaims();
    claims.put("nbf", t0.getEpochSecond() + 120);
    String token = token(claims);

    assertThat(h.reasonFor(token)).isEqualTo(Reason.NOT_YET_VALID);
    h.clock.advance(Duration.ofSeconds(90));
    assertThat(h.verifier.verify(token).jti()).isEqualTo(claims.get("jti"));
  }

  @Test
  void verifyWhenExpIsAbsentThenTheTokenNeverExpires() {
    Map<String, Object> claims = h.activeClaims();
    claims.remove("exp");
    String token = token(claims);

    h.clock.advance(Duration.ofDays(3650));
    assertThat(h.verifier.verify(token).expiresAt()).isNull();
  }

  @Test
  void verifyWhenTimeClaimIsMissingOrNotANumberThenInvalidClaims() {
    Map<String, Object> noIat = h.activeClaims();
    noIat.remove("iat");
    Map<String, Object> textExp = h.activeClaims();
    textExp.put("exp", "tomorrow");
    Map<String, Object> negativeNbf = h.activeClaims();
    negativeNbf.put("nbf", -1);

    assertThat(h.reasonFor(token(noIat))).isEqualTo(Reason.INVALID_CLAIMS);
    assertThat(h.reasonFor(token(textExp))).isEqualTo(Reason.INVALID_CLAIMS);
    assertThat(h.reasonFor(token(negativeNbf))).isEqualTo(Reason.INVALID_CLAIMS);
  }

  @Test
  void verifyWhenRequiredClaimIsMissingThenInvalidClaims() {
    for (String name : new String[] {"sub", "jti", TokenFormat.CLAIM_BUSINESS_ID}) {
      Map<String, Object> claims = h.activeClaims();
      claims.remove(name);

      assertThat(h.reasonFor(token(claims))).as(name).isEqualTo(Reason.INVALID_CLAIMS);
    }
  }

  @Test
  void verifyWhenExpiredThenMessageSaysHowLongAgoAndTheSkew() {
    String token = h.mintActive().token();
    h.clock.advance(Duration.ofDays(1).plusMinutes(5));

    var e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            dev.dzauth.DzAuthException.class, () -> h.verifier.verify(token));
    assertThat(e.reason()).isEqualTo(Reason.EXPIRED);
    assertThat(e.getMessage()).contains("300 s ago").contains("skew 30 s");
  }
}
