package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.testing.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8725 (JWT Best Current Practices): algorithm, key and header attacks are refused. */
final class Rfc8725ComplianceTests {

  private final TokenKey ours = TestKeys.es256();
  private final Harness h = new Harness(ours);

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void verifyWhenTokenIsCorrectlyCraftedThenAccepted() {
    // The baseline every test below departs from by one change.
    String token = Tokens.sign(ours, Tokens.header(ours), h.activeClaims());

    assertThat(h.verifier.verify(token).subject()).isEqualTo("user-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
  void verifyWhenAlgIsNoneInAnySpellingThenRejected(String none) {
    Map<String, Object> header = Tokens.header(ours);
    header.put("alg", none);
    Map<String, Object> claims = h.activeClaims();
    String withoutSignature = Tokens.unsigned(header, claims);
    String withSignature = Tokens.sign(ours, header, claims);

    assertThat(h.reasonFor(withoutSignature)).isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor(withSignature)).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    assertThat(h.store.calls()).isZero();
  }

  @Test
  void verifyWhenHs256IsSignedWithTheEs256PublicKeyThenAlgorithmNotAllowed() {
    // Key confusion: the public key's encoding used as an HMAC secret.
    Map<String, Object> header = Tokens.header(ours);
    header.put("alg", "HS256");
    byte[] publicBytes =
        ours.toPublicKey().toJwkJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String jwkAsSecret = Tokens.hmac("HmacSHA256", publicBytes, header, h.activeClaims());
    String spkiAsSecret = Tokens.hmac("HmacSHA256", spki(ours), header, h.activeClaims());

    assertThat(h.reasonFor(jwkAsSecret)).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    assertThat(h.reasonFor(spkiAsSecret)).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void verifyWhenHs256KeyIsAllowedButKidNamesTheEs256KeyThenAlgorithmNotAllowed() {
    // Even with HS256 on the allow-list (a mixed ring), alg must match the key named by kid.
    TokenKey hmac = TestKeys.hs256();
    try (Harness mixed = new Harness(ours, hmac)) {
      Map<String, Object> header = Tokens.header(ours);
      header.put("alg", "HS256");
      String token = Tokens.hmac("HmacSHA256", spki(ours), header, mixed.activeClaims());

      assertThat(mixed.reasonFor(token)).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    }
  }

  @Test
  void verifyWhenAttackerKeyCarriesOurKidThenBadSignature() {
    TokenKey attacker = TokenKey.generate(SignatureAlgorithm.ES256, ours.id());
    String token = Tokens.sign(attacker, Tokens.header(ours), h.activeClaims());

    assertThat(h.reasonFor(token)).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(h.store.calls()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jwk", "jku", "x5u", "x5c", "crit", "x5t", "x5t#S256", "b64", "zip"})
  void verifyWhenHeaderCarriesARefusedParameterThenUnsupportedHeader(String name) {
    Map<String, Object> header = Tokens.header(ours);
    Object value =
        switch (name) {
          case "jwk" -> parse(ours.toPublicKey().toJwkJson());
          case "x5c" -> List.of("MIIB");
          case "crit" -> List.of("exp");
          case "b64" -> Boolean.FALSE;
          default -> "https://attacker.example/keys";
        };
    header.put(name, value);
    String token = Tokens.sign(ours, header, h.activeClaims());

    assertThat(h.reasonFor(token)).isEqualTo(Reason.UNSUPPORTED_HEADER);
  }

  @Test
  void verifyWhenJwkHeaderEmbedsTheAttackersKeyThenUnsupportedHeader() {
    TokenKey attacker = TokenKey.generate(SignatureAlgorithm.ES256, ours.id());
    Map<String, Object> header = Tokens.header(ours);
    header.put("jwk", parse(attacker.toPublicKey().toJwkJson()));
    String token = Tokens.sign(attacker, header, h.activeClaims());

    assertThat(h.reasonFor(token)).isEqualTo(Reason.UNSUPPORTED_HEADER);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "JWT",
        "jwt",
        "at+jwt",
        "application/jwt",
        "dz-api+jwt2",
        "",
        "application/at+jwt"
      })
  void verifyWhenTypIsNotOursThenWrongType(String typ) {
    Map<String, Object> header = Tokens.header(ours);
    header.put("typ", typ);

    assertThat(h.reasonFor(Tokens.sign(ours, header, h.activeClaims())))
        .isEqualTo(Reason.WRONG_TYPE);
  }

  @Test
  void verifyWhenTypIsMissingOrNotAStringThenWrongType() {
    Map<String, Object> missing = Tokens.header(ours);
    missing.remove("typ");
    Map<String, Object> number = Tokens.header(ours);
    number.put("typ", 1);

    assertThat(h.reasonFor(Tokens.sign(ours, missing, h.activeClaims())))
        .isEqualTo(Reason.WRONG_TYPE);
    assertThat(h.reasonFor(Tokens.sign(ours, number, h.activeClaims())))
        .isEqualTo(Reason.WRONG_TYPE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"DZ-API+JWT", "application/dz-api+jwt", "Application/Dz-Api+JWT"})
  void verifyWhenTypIsOursInAnotherCaseOrWithApplicationPrefixThenAccepted(String typ) {
    Map<String, Object> header = Tokens.header(ours);
    header.put("typ", typ);

    assertThat(h.verifier.verify(Tokens.sign(ours, header, h.activeClaims())).keyId())
        .isEqualTo(ours.id());
  }

  @Test
  void verifyWhenHs512IsUsedAndHs256ConfiguredThenAlgorithmNotAllowed() {
    TokenKey hmac = TestKeys.hs256();
    try (Harness hs = new Harness(hmac)) {
      Map<String, Object> header = Tokens.header(hmac);
      header.put("alg", "HS512");
      byte[] secret =
          java.util.Base64.getUrlDecoder().decode((String) parse(hmac.toJwkJson()).get("k"));
      String token = Tokens.hmac("HmacSHA512", secret, header, hs.activeClaims());

      assertThat(hs.reasonFor(token)).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256", "ES384", "EdDSA", "HS256", "es256", "ES256 "})
  void verifyWhenAlgIsNotOnTheAllowListThenAlgorithmNotAllowed(String alg) {
    Map<String, Object> header = Tokens.header(ours);
    header.put("alg", alg);

    assertThat(h.reasonFor(Tokens.sign(ours, header, h.activeClaims())))
        .isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void verifyWhenKidUnknownThenRejected() {
    Map<String, Object> header = Tokens.header(ours);
    header.put("kid", "not-a-key");

    assertThat(h.reasonFor(Tokens.sign(ours, header, h.activeClaims())))
        .isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void verifyWhenKidMissingOrNotAStringThenUnknownKey() {
    Map<String, Object> missing = Tokens.header(ours);
    missing.remove("kid");
    Map<String, Object> number = Tokens.header(ours);
    number.put("kid", 7);

    assertThat(h.reasonFor(Tokens.sign(ours, missing, h.activeClaims())))
        .isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(h.reasonFor(Tokens.sign(ours, number, h.activeClaims())))
        .isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void verifyWhenHeaderIsAJweThenRejectedBeforeAnyKeyWork() {
    Map<String, Object> header = Tokens.header(ours);
    header.put("alg", "PBES2-HS256+A128KW");
    header.put("enc", "A128GCM");
    header.put("p2c", 2_000_000_000);
    String fivePart = Tokens.unsigned(header, h.activeClaims()) + "AAAA.AAAA.AAAA";

    assertThat(h.reasonFor(fivePart)).isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor(Tokens.sign(ours, header, h.activeClaims())))
        .isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void verifyWhenTokenTypeClaimIsNotApiThenWrongType() {
    Map<String, Object> claims = h.activeClaims();
    claims.put("token_type", "session");

    assertThat(h.reasonFor(Tokens.sign(ours, Tokens.header(ours), claims)))
        .isEqualTo(Reason.WRONG_TYPE);
  }

  @Test
  void verifyWhenIssuerIsWrongOrMissingThenWrongIssuer() {
    Map<String, Object> other = h.activeClaims();
    other.put("iss", "https://issuer.test/");
    Map<String, Object> missing = h.activeClaims();
    missing.remove("iss");

    assertThat(h.reasonFor(Tokens.sign(ours, Tokens.header(ours), other)))
        .isEqualTo(Reason.WRONG_ISSUER);
    assertThat(h.reasonFor(Tokens.sign(ours, Tokens.header(ours), missing)))
        .isEqualTo(Reason.WRONG_ISSUER);
  }

  static Map<String, Object> parse(String json) {
    try {
      return com.nimbusds.jose.util.JSONObjectUtils.parse(json);
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] spki(TokenKey key) {
    try {
      return com.nimbusds.jose.jwk.ECKey.parse(key.toPublicKey().toJwkJson())
          .toPublicKey()
          .getEncoded();
    } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
      throw new AssertionError(e);
    }
  }
}
