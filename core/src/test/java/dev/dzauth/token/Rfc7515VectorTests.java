package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.StatusCache;
import dev.dzauth.testing.FakeStatusStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 7515 Appendix A.1 (HS256) through the JWS layer the verifier uses. */
final class Rfc7515VectorTests {

  private static final String A1_KEY =
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";

  private static final String A1_COMPACT =
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
          + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
          + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  /** A moment before the example's exp (1300819380 = 2011-03-22T18:43:00Z). */
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2011-03-22T18:00:00Z"), ZoneOffset.UTC);

  private static TokenKey a1Key() {
    String jwks =
        "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"a1\",\"alg\":\"HS256\",\"k\":\"" + A1_KEY + "\"}]}";
    return KeySet.parseJwkSet(jwks, "a1").activeKey().orElseThrow();
  }

  @Test
  void appendixA1WhenVerifiedWithTheExampleKeyThenSignatureAndClaimsMatchTheRfc() {
    JwsCompact jws = JwsCompact.parse(A1_COMPACT, 0);
    Map<String, Object> header = jws.header();

    jws.verifySignature(a1Key(), header);

    Map<String, Object> claims = jws.payload();
    assertThat(header).containsEntry("typ", "JWT").containsEntry("alg", "HS256");
    assertThat(claims)
        .containsEntry("iss", "joe")
        .containsEntry("http://example.com/is_root", true);
    long exp = ((Number) claims.get("exp")).longValue();
    assertThat(exp).isEqualTo(1300819380L);
    assertThat(Instant.ofEpochSecond(exp)).isAfter(CLOCK.instant());
  }

  @Test
  void appendixA1WhenOneCharacterOfThePayloadChangesThenBadSignature() {
    String tampered = A1_COMPACT.replace("eyJpc3MiOiJqb2Ui", "eyJpc3MiOiJqb2Ii");
    JwsCompact jws = JwsCompact.parse(tampered, 0);

    assertThatThrownBy(() -> jws.verifySignature(a1Key(), jws.header()))
        .isInstanceOfSatisfying(
            DzAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
  }

  @Test
  void appendixA1WhenVerifiedWithAnotherKeyThenBadSignature() {
    JwsCompact jws = JwsCompact.parse(A1_COMPACT, 0);

    assertThatThrownBy(() -> jws.verifySignature(TokenKey.hmac("a1", new byte[64]), jws.header()))
        .isInstanceOfSatisfying(
            DzAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
  }

  @Test
  void appendixA1WhenPresentedAsADzTokenThenTheVerifierRefusesItsTypeAndKid() {
    // The JWS layer accepts the vector; the verifier's policy (typ, kid) still applies on top.
    try (StatusCache statuses = StatusCache.builder(new FakeStatusStore()).build()) {
      TokenVerifier verifier =
          TokenVerifier.builder("joe", KeySetHolder.of(KeySet.of(a1Key())), statuses)
              .clock(CLOCK)
              .build();

      assertThatThrownBy(() -> verifier.verify(TokenFormat.PREFIX + A1_COMPACT))
          .isInstanceOfSatisfying(
              DzAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_TYPE));
    }
  }
}
