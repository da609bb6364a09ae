package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.testing.Tokens;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Keys: strength limits, PEM and JWK Set input and output, rotation and retirement. */
final class KeyManagementTests {

  private static Path resource(String name) {
    try {
      return Path.of(KeyManagementTests.class.getResource("/keys/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertMintsAndVerifies(TokenKey key) {
    try (Harness h = new Harness(key)) {
      MintedToken t = h.mintActive();
      assertThat(h.verifier.verify(t.token()).keyId()).isEqualTo(key.id());
    }
  }

  @Test
  void hmacWhenSecretIsShorterThan256BitsThenRefused() {
    assertThatThrownBy(() -> TokenKey.hmac("h1", new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256 bits");
    String jwks =
        "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h1\",\"alg\":\"HS256\",\"k\":\""
            + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[31])
            + "\"}]}";
    assertThatThrownBy(() -> KeySet.parseJwkSet(jwks, "h1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256 bits");

    assertThat(TokenKey.hmac("h1", new byte[32]).algorithm()).isEqualTo(SignatureAlgorithm.HS256);
  }

  @Test
  void rsaWhenShorterThan2048BitsThenRefused() throws Exception {
    assertThatThrownBy(() -> KeySet.load(resource("rsa1024.pem"), "r1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048");
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    assertThatThrownBy(() -> TokenKey.fromPem("r1", pem(g.generateKeyPair())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048");
  }

  @ParameterizedTest
  @CsvSource({"es256.pem, ES256", "ed25519.pem, EdDSA", "rs256.pem, RS256"})
  void loadWhenPemWasWrittenByOpensslThenTheKeySignsAndVerifies(String file, String alg)
      throws Exception {
    KeySet set = KeySet.load(resource(file), "ops-1");
    TokenKey key = set.activeKey().orElseThrow();

    assertThat(key.algorithm().jwsName()).isEqualTo(alg);
    assertThat(key.canSign()).isTrue();
    assertMintsAndVerifies(key);
  }

  @Test
  void loadWhenPemHoldsOnlyAPublicKeyThenItVerifiesTokensOfThePrivateKey() throws Exception {
    TokenKey signing = KeySet.load(resource("es256.pem"), "ops-1").activeKey().orElseThrow();
    KeySet publicOnly = KeySet.load(resource("es256-public.pem"), "ops-1");

    assertThat(publicOnly.activeKey()).isEmpty();
    assertThat(publicOnly.key("ops-1")).isEqualTo(signing.toPublicKey());
    try (Harness signer = new Harness(signing)) {
      MintedToken t = signer.mintActive();
      var statuses = dev.dzauth.status.StatusCache.builder(signer.store).build();
      try (statuses) {
        TokenVerifier verifier =
            TokenVerifier.builder(Harness.ISSUER, KeySetHolder.of(publicOnly), statuses)
                .clock(signer.clock)
                .build();
        assertThat(verifier.verify(t.token()).jti()).isEqualTo(t.jti());
      }
    }
  }

  @Test
  void fromPemWhenKidIsNullThenTheKidIsTheRfc7638Thumbprint() throws Exception {
    TokenKey key = KeySet.load(resource("es256.pem"), null).activeKey().orElseThrow();

    assertThat(key.id()).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void fromPemWhenKeyIsNotPkcs8OrNotP256ThenRefusedWithAHint() {
    assertThatThrownBy(() -> KeySet.load(resource("ec-sec1.pem"), "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pkcs8");
    assertThatThrownBy(() -> KeySet.load(resource("es384.pem"), "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("P-256");
    assertThatThrownBy(() -> TokenKey.fromPem("x", "not a pem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PRIVATE KEY");
  }

  @ParameterizedTest
  @EnumSource(
      value = SignatureAlgorithm.class,
      names = {"ES256", "EdDSA", "RS256"})
  void fromPemWhenJdkWritesPkcs8AndSpkiBlocksThenTheKeySignsAndVerifies(SignatureAlgorithm alg)
      throws Exception {
    KeyPairGenerator g;
    switch (alg) {
      case ES256 -> {
        g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
      }
      case EdDSA -> g = KeyPairGenerator.getInstance("Ed25519");
      default -> {
        g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
      }
    }
    TokenKey key = TokenKey.fromPem("jdk-1", pem(g.generateKeyPair()));

    assertThat(key.algorithm()).isEqualTo(alg);
    assertMintsAndVerifies(key);
  }

  private static String pem(KeyPair kp) {
    Base64.Encoder mime =
        Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return "-----BEGIN PRIVATE KEY-----\n"
        + mime.encodeToString(kp.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\n"
        + mime.encodeToString(kp.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  @Test
  void jwkSetWhenExportedAndParsedAgainThenEveryKeyStillSignsAndVerifies() {
    KeySet original =
        KeySet.of(
            TestKeys.es256(),
            TestKeys.hs256(),
            TestKeys.of(SignatureAlgorithm.EdDSA),
            TestKeys.of(SignatureAlgorithm.RS256));
    KeySet parsed = KeySet.parseJwkSet(original.toJwkSetJson(), TestKeys.es256().id());

    assertThat(parsed.keys()).containsExactlyElementsOf(original.keys());
    assertThat(parsed.activeKey()).contains(TestKeys.es256());
    for (TokenKey k : parsed.keys()) {
      assertThat(k.canSign()).as(k.id()).isTrue();
      assertMintsAndVerifies(k);
    }
    assertThatThrownBy(() -> KeySet.parseJwkSet(original.toJwkSetJson(), "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> KeySet.parseJwkSet("{\"keys\":[]}", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toPublicJwkSetJsonWhenKeysHavePrivateMaterialThenOnlyPublicParametersAreThere() {
    KeySet set =
        KeySet.of(
            TestKeys.es256(),
            TestKeys.hs256(),
            TestKeys.of(SignatureAlgorithm.EdDSA),
            TestKeys.of(SignatureAlgorithm.RS256));
    Map<String, Object> jwks = Rfc8725ComplianceTests.parse(set.toPublicJwkSetJson());

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> keys = (List<Map<String, Object>>) jwks.get("keys");
    assertThat(keys)
        .extracting(k -> k.get("kid"))
        .containsExactlyInAnyOrder("test-es256", "test-eddsa", "test-rs256");
    for (Map<String, Object> k : keys) {
      assertThat(k).doesNotContainKeys("d", "k", "p", "q", "dp", "dq", "qi", "oth");
      assertThat(k).containsKeys("kty", "kid", "alg", "use");
    }
    assertThat(KeySet.parseJwkSet(set.toPublicJwkSetJson(), null).activeKey()).isEmpty();
  }

  @Test
  void rotateToWhenANewKeyIsActiveThenOldTokensStillVerifyAndNewTokensUseTheNewKid() {
    TokenKey old = TestKeys.es256();
    TokenKey next = TokenKey.generate(SignatureAlgorithm.ES256, "next");
    try (Harness h = new Harness(old)) {
      MintedToken before = h.mintActive();
      h.ring.replace(h.ring.current().rotateTo(next));
      MintedToken after = h.mintActive();

      assertThat(after.keyId()).isEqualTo("next");
      assertThat(h.verifier.verify(before.token()).keyId()).isEqualTo(old.id());
      assertThat(h.verifier.verify(after.token()).keyId()).isEqualTo("next");

      h.ring.replace(h.ring.current().retire(old.id()));
      assertThat(h.reasonFor(before.token())).isEqualTo(Reason.UNKNOWN_KEY);
      assertThat(h.verifier.verify(after.token()).keyId()).isEqualTo("next");
    }
  }

  @Test
  void retireWhenKeyIsActiveOrUnknownThenRefused() {
    KeySet set = KeySet.of(TestKeys.es256());

    assertThatThrownBy(() -> set.retire(TestKeys.es256().id()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("active");
    assertThatThrownBy(() -> set.retire("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void keyToStringWhenKeyCanSignThenShowsNoMaterial() {
    TokenKey hmac = TestKeys.hs256();
    String k = (String) Rfc8725ComplianceTests.parse(hmac.toJwkJson()).get("k");

    assertThat(hmac.toString()).doesNotContain(k).contains(hmac.id());
    assertThat(KeySet.of(hmac).toString()).doesNotContain(k);
    assertThat(Tokens.b64(new byte[0])).isEmpty();
  }
}
