package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.MutableStatusList;
import dev.dzauth.status.StatusList;
import dev.dzauth.testing.MutableClock;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.testing.Tokens;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Status List Tokens in JWT format (draft-ietf-oauth-status-list-20): signing and verifying. */
class StatusListTokenTests {

  private static final String URI = "https://auth.example.com/statuslists/1";

  private final MutableClock clock = MutableClock.fixed();
  private final Instant now = clock.instant();
  private final TokenKey es256 = TestKeys.es256();
  private final KeySet published = KeySet.verificationOnly(es256.toPublicKey());
  private final StatusListToken.Verifier verifier = StatusListToken.verifier().clock(clock).build();

  private static StatusList list() {
    return new MutableStatusList(2, 16).set(0, 1).set(1, 2).set(3, 3).snapshot();
  }

  private StatusListToken token() {
    return new StatusListToken(
        URI, now, now.plus(Duration.ofHours(1)), Duration.ofMinutes(5), list());
  }

  @ParameterizedTest
  @EnumSource(
      value = SignatureAlgorithm.class,
      names = {"ES256", "EdDSA", "RS256"})
  void aSignedListVerifiesWithThePublishedJwkSet(SignatureAlgorithm alg) {
    KeySet issuer = KeySet.of(TestKeys.of(alg));
    KeySet jwks = KeySet.parseJwkSet(issuer.toPublicJwkSetJson(), null);

    String jwt = token().sign(issuer);
    StatusListToken read = verifier.verify(jwt, URI, jwks);

    assertThat(read).isEqualTo(token());
    assertThat(read.statusList().get(0)).isEqualTo(1);
    assertThat(read.statusList().get(1)).isEqualTo(2);
    assertThat(read.statusList().get(3)).isEqualTo(3);
  }

  @Test
  void theJwtHasTheDraftsHeaderAndClaims() {
    String jwt = token().sign(es256);
    Map<String, Object> header = json(jwt.split("\\.")[0]);
    Map<String, Object> claims = json(jwt.split("\\.")[1]);

    assertThat(header)
        .containsEntry("typ", "statuslist+jwt")
        .containsEntry("alg", "ES256")
        .containsEntry("kid", es256.id())
        .containsOnlyKeys("typ", "alg", "kid");
    assertThat(claims)
        .containsEntry("sub", URI)
        .containsEntry("iat", now.getEpochSecond())
        .containsEntry("exp", now.getEpochSecond() + 3600)
        .containsEntry("ttl", 300L)
        .containsOnlyKeys("sub", "iat", "exp", "ttl", "status_list");
    assertThat(claims.get("status_list")).isEqualTo(Map.of("bits", 2L, "lst", list().encode()));
  }

  @Test
  void hs256IsRefusedUnlessAllowed() {
    TokenKey hmac = TestKeys.hs256();
    String jwt = token().sign(hmac);
    KeySet keys = KeySet.of(hmac);

    assertThat(reason(() -> verifier.verify(jwt, URI, keys)))
        .isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    StatusListToken.Verifier withHmac =
        StatusListToken.verifier()
            .clock(clock)
            .allowedAlgorithms(EnumSet.of(SignatureAlgorithm.HS256))
            .build();
    assertThat(withHmac.verify(jwt, URI, keys)).isEqualTo(token());
  }

  @Test
  void anOptionalExpAndTtlMayBeAbsent() {
    StatusListToken bare = new StatusListToken(URI, now, null, null, list());
    assertThat(verifier.verify(bare.sign(es256), URI, published)).isEqualTo(bare);
  }

  // --- the draft's own example (section "Status List Token in JWT Format" / "Status List
  // Response"): its JWT, signed with the example key of the draft's generator (kid 12)

  private static final String DRAFT_EXAMPLE_JWT =
      "eyJhbGciOiJFUzI1NiIsImtpZCI6IjEyIiwidHlwIjoic3RhdHVzbGlzdCtqd3QifQ.e"
          + "yJleHAiOjIyOTE3MjAxNzAsImlhdCI6MTY4NjkyMDE3MCwiaXNzIjoiaHR0cHM6Ly9le"
          + "GFtcGxlLmNvbSIsInN0YXR1c19saXN0Ijp7ImJpdHMiOjEsImxzdCI6ImVOcmJ1UmdBQ"
          + "WhjQlhRIn0sInN1YiI6Imh0dHBzOi8vZXhhbXBsZS5jb20vc3RhdHVzbGlzdHMvMSIsI"
          + "nR0bCI6NDMyMDB9.2lKUUNG503R9htu4aHAYi7vjmr3sgApbfoDvPrl65N3URUO1EYqq"
          + "Ql45Jfzd-Av4QzlKa3oVALpLwOEUOq-U_g";

  private static final String DRAFT_EXAMPLE_PUBLIC_JWKS =
      "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"12\",\"alg\":\"ES256\","
          + "\"use\":\"sig\",\"x\":\"I3HWm_0Ds1dPMI-IWmf4mBmH-YaeAVbPVu7vB27CxXo\","
          + "\"y\":\"6N_d5Elj9bs1htgV3okJKIdbHEpkgTmAluYKJemzn1M\"}]}";

  @Test
  void theDraftsExampleStatusListTokenVerifies() {
    KeySet keys = KeySet.parseJwkSet(DRAFT_EXAMPLE_PUBLIC_JWKS, null);
    StatusListToken.Verifier at2026 =
        StatusListToken.verifier()
            .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
            .build();

    StatusListToken t = at2026.verify(DRAFT_EXAMPLE_JWT, "https://example.com/statuslists/1", keys);

    assertThat(t.issuedAt()).isEqualTo(Instant.ofEpochSecond(1686920170));
    assertThat(t.expiresAt()).isEqualTo(Instant.ofEpochSecond(2291720170L));
    assertThat(t.ttl()).isEqualTo(Duration.ofSeconds(43200));
    assertThat(t.statusList().bits()).isEqualTo(1);
    assertThat(t.statusList().encode()).isEqualTo("eNrbuRgAAhcBXQ");
    int[] expected = {1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1};
    for (int i = 0; i < expected.length; i++) {
      assertThat(t.statusList().get(i)).isEqualTo(expected[i]);
    }
    // ... and is bound to its URI.
    assertThat(
            reason(
                () -> at2026.verify(DRAFT_EXAMPLE_JWT, "https://example.com/statuslists/2", keys)))
        .isEqualTo(Reason.INVALID_CLAIMS);
  }

  // --- an independent implementation (jose4j) both ways

  @Test
  void jose4jVerifiesOurListAndWeVerifyJose4jsList() throws Exception {
    String ours = token().sign(es256);
    JwtClaims claims =
        new JwtConsumerBuilder()
            .setExpectedType(true, "statuslist+jwt")
            .setVerificationKeyResolver(
                new JwksVerificationKeyResolver(
                    new JsonWebKeySet(published.toPublicJwkSetJson()).getJsonWebKeys()))
            .setJwsAlgorithmConstraints(new AlgorithmConstraints(ConstraintType.PERMIT, "ES256"))
            .setEvaluationTime(org.jose4j.jwt.NumericDate.fromSeconds(now.getEpochSecond()))
            .setExpectedSubject(URI)
            .build()
            .processToClaims(ours);
    assertThat(claims.getClaimValue("ttl")).isEqualTo(300L);

    JsonWebSignature jws = new JsonWebSignature();
    jws.setHeader("typ", "statuslist+jwt");
    jws.setAlgorithmHeaderValue("ES256");
    jws.setKeyIdHeaderValue(es256.id());
    jws.setKey(PublicJsonWebKey.Factory.newPublicJwk(es256.toJwkJson()).getPrivateKey());
    jws.setPayload(Tokens.json(claimsOf(token())));
    String theirs = jws.getCompactSerialization();

    assertThat(verifier.verify(theirs, URI, published)).isEqualTo(token());
  }

  // --- refusals

  @Test
  void aTypOtherThanStatuslistJwtIsRefused() {
    for (Object typ : List.of("JWT", "dz-api+jwt", "statuslist+cwt", 1)) {
      Map<String, Object> h = header();
      h.put("typ", typ);
      assertThat(reason(() -> verify(h, claimsOf(token()))))
          .as("%s", typ)
          .isEqualTo(Reason.WRONG_TYPE);
    }
    Map<String, Object> none = header();
    none.remove("typ");
    assertThat(reason(() -> verify(none, claimsOf(token())))).isEqualTo(Reason.WRONG_TYPE);

    Map<String, Object> full = header();
    full.put("typ", "application/statuslist+jwt");
    assertThat(verify(full, claimsOf(token()))).isEqualTo(token());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jku", "x5u", "jwk", "x5c", "crit"})
  void keyUrlsEmbeddedKeysAndCritAreRefused(String parameter) {
    Map<String, Object> h = header();
    h.put(parameter, parameter.equals("crit") ? List.of("exp") : "https://evil.example/keys");
    assertThat(reason(() -> verify(h, claimsOf(token())))).isEqualTo(Reason.UNSUPPORTED_HEADER);
  }

  @Test
  void algNoneIsRefused() {
    Map<String, Object> h = header();
    h.put("alg", "none");
    String unsigned = Tokens.jws(Tokens.unsigned(h, claimsOf(token())));
    assertThat(reason(() -> verifier.verify(unsigned, URI, published))).isEqualTo(Reason.MALFORMED);
    assertThat(reason(() -> verifier.verify(unsigned + "AAAA", URI, published)))
        .isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void anUnknownKidIsReportedAsSuch() {
    Map<String, Object> h = header();
    h.put("kid", "other");
    assertThat(reason(() -> verify(h, claimsOf(token())))).isEqualTo(Reason.UNKNOWN_KEY);
    h.remove("kid");
    assertThat(reason(() -> verify(h, claimsOf(token())))).isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void aTamperedPayloadOrAnotherKeysSignatureIsRefused() {
    String jwt = token().sign(es256);
    String[] s = jwt.split("\\.");
    Map<String, Object> claims = claimsOf(token());
    claims.put("ttl", 1);
    String tampered = s[0] + "." + Tokens.b64(Tokens.json(claims)) + "." + s[2];
    assertThat(reason(() -> verifier.verify(tampered, URI, published)))
        .isEqualTo(Reason.BAD_SIGNATURE);

    TokenKey impostor = TokenKey.generate(SignatureAlgorithm.ES256, es256.id());
    String forged = token().sign(impostor);
    assertThat(reason(() -> verifier.verify(forged, URI, published)))
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void aListForAnotherUriIsRefused() {
    String jwt = token().sign(es256);
    assertThat(reason(() -> verifier.verify(jwt, URI + "0", published)))
        .isEqualTo(Reason.INVALID_CLAIMS);
    Map<String, Object> claims = claimsOf(token());
    claims.remove("sub");
    assertThat(reason(() -> verify(header(), claims))).isEqualTo(Reason.INVALID_CLAIMS);
  }

  @Test
  void iatIsRequiredAndNotInTheFuture() {
    Map<String, Object> claims = claimsOf(token());
    claims.remove("iat");
    assertThat(reason(() -> verify(header(), claims))).isEqualTo(Reason.INVALID_CLAIMS);
    claims.put("iat", "yesterday");
    assertThat(reason(() -> verify(header(), claims))).isEqualTo(Reason.INVALID_CLAIMS);
    claims.put("iat", now.getEpochSecond() + 31);
    assertThat(reason(() -> verify(header(), claims))).isEqualTo(Reason.NOT_YET_VALID);
    claims.put("iat", now.getEpochSecond() + 30); // within the default skew
    assertThat(verify(header(), claims).issuedAt()).isEqualTo(now.plusSeconds(30));
    Map<String, Object> nbf = claimsOf(token());
    nbf.put("nbf", now.getEpochSecond() + 60);
    assertThat(reason(() -> verify(header(), nbf))).isEqualTo(Reason.NOT_YET_VALID);
  }

  @Test
  void anExpiredListIsRefusedWithoutTolerance() {
    String jwt = token().sign(es256);
    clock.advance(Duration.ofHours(1).minusSeconds(1));
    assertThat(verifier.verify(jwt, URI, published)).isEqualTo(token());
    clock.advance(Duration.ofSeconds(1));
    assertThat(reason(() -> verifier.verify(jwt, URI, published))).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void ttlMustBeAPositiveNumber() {
    for (Object ttl : List.<Object>of(0, -5, "300", true)) {
      Map<String, Object> claims = claimsOf(token());
      claims.put("ttl", ttl);
      assertThat(reason(() -> verify(header(), claims)))
          .as("%s", ttl)
          .isEqualTo(Reason.INVALID_CLAIMS);
    }
    Map<String, Object> fractional = claimsOf(token());
    fractional.put("ttl", 1.5);
    assertThat(verify(header(), fractional).ttl()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void theStatusListClaimIsChecked() {
    for (Object bad :
        List.<Object>of(
            "x",
            Map.of("bits", 1),
            Map.of("lst", "eNrbuRgAAhcBXQ"),
            Map.of("bits", 3, "lst", "eNrbuRgAAhcBXQ"),
            Map.of("bits", 1.5, "lst", "eNrbuRgAAhcBXQ"),
            Map.of("bits", "1", "lst", "eNrbuRgAAhcBXQ"),
            Map.of("bits", 1, "lst", "not a list"))) {
      Map<String, Object> claims = claimsOf(token());
      claims.put("status_list", bad);
      assertThat(reason(() -> verify(header(), claims)))
          .as("%s", bad)
          .isEqualTo(Reason.INVALID_CLAIMS);
    }
  }

  @Test
  void aListInflatingBeyondTheBoundIsRefused() {
    StatusListToken.Verifier small =
        StatusListToken.verifier().clock(clock).maxListBytes(1024).build();
    Map<String, Object> claims = claimsOf(token());
    claims.put("status_list", Map.of("bits", 1, "lst", zlib(new byte[1 << 20])));

    DzAuthException e =
        catchThrowableOfType(
            DzAuthException.class, () -> small.verify(sign(header(), claims), URI, published));
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CLAIMS);
    assertThat(e).hasMessageContaining("more than 1024 bytes");
  }

  @Test
  void anOversizedTokenIsRefusedBeforeDecoding() {
    StatusListToken.Verifier small =
        StatusListToken.verifier().clock(clock).maxTokenLength(1024).build();
    String big = "a".repeat(1025) + ".b.c";
    assertThat(reason(() -> small.verify(big, URI, published))).isEqualTo(Reason.MALFORMED);
    assertThat(reason(() -> small.verify("", URI, published))).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void theRecordChecksItsComponents() {
    assertThatThrownBy(() -> new StatusListToken(" ", now, null, null, list()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StatusListToken(URI, now, now, null, list()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StatusListToken(URI, now, null, Duration.ZERO, list()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> token().sign(KeySet.verificationOnly(es256.toPublicKey())))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Set.of(StatusListToken.TYPE, StatusListToken.MEDIA_TYPE))
        .containsExactlyInAnyOrder("statuslist+jwt", "application/statuslist+jwt");
  }

  // --- helpers

  private Map<String, Object> header() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("alg", "ES256");
    h.put("typ", "statuslist+jwt");
    h.put("kid", es256.id());
    return h;
  }

  private static Map<String, Object> claimsOf(StatusListToken t) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("sub", t.uri());
    c.put("iat", t.issuedAt().getEpochSecond());
    if (t.expiresAt() != null) {
      c.put("exp", t.expiresAt().getEpochSecond());
    }
    if (t.ttl() != null) {
      c.put("ttl", t.ttl().toSeconds());
    }
    c.put("status_list", Map.of("bits", t.statusList().bits(), "lst", t.statusList().encode()));
    return c;
  }

  private String sign(Map<String, Object> header, Map<String, Object> claims) {
    return Tokens.jws(Tokens.sign(es256, header, claims));
  }

  private StatusListToken verify(Map<String, Object> header, Map<String, Object> claims) {
    return verifier.verify(sign(header, claims), URI, published);
  }

  private static Reason reason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    DzAuthException e = catchThrowableOfType(DzAuthException.class, call);
    assertThat(e).as("expected a DzAuthException").isNotNull();
    return e.reason();
  }

  private static Map<String, Object> json(String segment) {
    try {
      return com.nimbusds.jose.util.JSONObjectUtils.parse(
          new String(
              Base64.getUrlDecoder().decode(segment), java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.text.ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String zlib(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }
}
