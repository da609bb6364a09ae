package dev.dzauth.statuslist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.MutableStatusList;
import dev.dzauth.testing.MutableClock;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.testing.Tokens;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.MintRequest;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.StatusListReference;
import dev.dzauth.token.StatusListToken;
import dev.dzauth.token.TokenFormat;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A verify-only {@link TokenVerifier}: keys from the issuer's JWK Set and statuses from its Token
 * Status Lists, through one {@link StatusListClient}, against a real HTTP server on 127.0.0.1. Time
 * is a {@link MutableClock}, never a sleep.
 */
class VerifyOnlyVerifierTests {

  private static final String ISSUER = "https://auth.example.com";
  private static final String PATH = "/statuslists/1";
  private static final Duration TTL = Duration.ofSeconds(30);
  private static final MintRequest REQUEST =
      new MintRequest("alice", "b1", Set.of("orders:read"), Duration.ofDays(30));

  private final MutableClock clock = MutableClock.at(Instant.now());
  private TokenKey key = TestKeys.es256();
  private IssuerServer server;
  private StatusListClient client;
  private MutableStatusList list;
  private final AtomicInteger nextIdx = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = new IssuerServer();
    server.jwks = KeySet.verificationOnly(key.toPublicKey()).toPublicJwkSetJson();
    list = new MutableStatusList(2, 64);
    publish();
    client =
        StatusListClient.builder(server.base())
            .clock(clock)
            .ticker(clock.ticker())
            .minTtl(Duration.ofSeconds(1))
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private void publish() {
    Instant now = clock.instant();
    String jwt =
        new StatusListToken(
                server.url(PATH), now, now.plus(Duration.ofHours(1)), TTL, list.snapshot())
            .sign(key);
    server.serve(PATH, jwt, "\"" + jwt.hashCode() + "\"");
  }

  private TokenMinter minter(TokenKey signer) {
    return TokenMinter.builder(ISSUER, KeySetHolder.of(KeySet.of(signer)))
        .clock(clock)
        .statusLists(
            (jti, request) -> new StatusListReference(server.url(PATH), nextIdx.getAndIncrement()))
        .build();
  }

  private TokenVerifier verifier() {
    return TokenVerifier.verifyOnly(ISSUER, client).clock(clock).build();
  }

  @Test
  void aTokenWithAStatusClaimVerifiesAndItsListEntryDecidesItsStatus() {
    TokenVerifier verifier = verifier();
    String token = minter(key).mint(REQUEST).token();
    assertThat(Tokens.payload(token).get(TokenFormat.CLAIM_STATUS))
        .isEqualTo(Map.of("status_list", Map.of("idx", 0L, "uri", server.url(PATH))));

    VerifiedToken v = verifier.verify(token);
    assertThat(v.subject()).isEqualTo("alice");
    assertThat(v.businessId()).isEqualTo("b1");
    assertThat(v.tokenId()).as("no record: the jti").isEqualTo(v.jti());
    assertThat(verifier.isVerifyOnly()).isTrue();
    assertThat(verifier.allowedAlgorithms())
        .containsExactlyInAnyOrder(
            SignatureAlgorithm.ES256, SignatureAlgorithm.EdDSA, SignatureAlgorithm.RS256);
    assertThat(server.jwksRequests).as("one JWK Set fetch for the token and the list").hasValue(1);

    list.set(0, 2);
    publish();
    clock.advance(TTL);
    assertRefused(verifier, token, Reason.SUSPENDED);
    list.set(0, 1);
    publish();
    clock.advance(TTL);
    assertRefused(verifier, token, Reason.REVOKED);
    list.set(0, 3);
    publish();
    clock.advance(TTL);
    assertRefused(verifier, token, Reason.REVOKED);
    assertThat(server.jwksRequests).hasValue(1);
  }

  @Test
  void aWarmVerifyIsACacheHitAndAListLookupAndSeesTheNextListAfterItsTtl() {
    TokenVerifier verifier = verifier();
    String token = minter(key).mint(REQUEST).token();
    verifier.verify(token);
    int lists = server.listRequests.get();
    for (int i = 0; i < 100; i++) {
      verifier.verify(new String(token.toCharArray()));
    }
    assertThat(verifier.stats().hits()).isEqualTo(100);
    assertThat(server.listRequests).hasValue(lists);

    list.set(0, 1);
    publish();
    clock.advance(TTL.minusSeconds(1));
    assertThat(verifier.verify(token).jti()).as("inside the ttl").isNotNull();
    clock.advance(Duration.ofSeconds(1));
    assertRefused(verifier, token, Reason.REVOKED);
    assertThat(verifier.stats().hits()).as("refused on the warm path").isEqualTo(102);
  }

  @Test
  void aTokenWithoutAStatusClaimIsRefusedWithAReasonThatSaysSo() {
    TokenVerifier verifier = verifier();
    String token =
        TokenMinter.builder(ISSUER, KeySetHolder.of(KeySet.of(key)))
            .clock(clock)
            .build()
            .mint(REQUEST)
            .token();
    DzAuthException e = catchThrowableOfType(DzAuthException.class, () -> verifier.verify(token));
    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_TOKEN);
    assertThat(e.getMessage()).contains("no status claim").contains("verify-only");
  }

  @Test
  void aMalformedStatusClaimIsRefusedAsInvalidClaims() {
    TokenVerifier verifier = verifier();
    for (Object status :
        List.of(
            "x",
            Map.of("status_list", "x"),
            Map.of("status_list", Map.of("idx", -1, "uri", server.url(PATH))),
            Map.of("status_list", Map.of("idx", 1.5, "uri", server.url(PATH))),
            Map.of("status_list", Map.of("idx", 3_000_000_000L, "uri", server.url(PATH))),
            Map.of("status_list", Map.of("idx", 1)),
            Map.of("status_list", Map.of("idx", 1, "uri", "")))) {
      Map<String, Object> claims = claims();
      claims.put("status", status);
      String token = Tokens.sign(key, Tokens.header(key), claims);
      assertRefused(verifier, token, Reason.INVALID_CLAIMS);
    }
  }

  @Test
  void anIndexOutsideTheListIsAnUnknownTokenAndAUriOffTheIssuerIsRefused() {
    TokenVerifier verifier = verifier();
    Map<String, Object> claims = claims();
    claims.put("status", Map.of("status_list", Map.of("idx", 64, "uri", server.url(PATH))));
    assertRefused(verifier, Tokens.sign(key, Tokens.header(key), claims), Reason.UNKNOWN_TOKEN);

    Map<String, Object> elsewhere = claims();
    elsewhere.put(
        "status",
        Map.of("status_list", Map.of("idx", 0, "uri", "https://evil.example/statuslists/1")));
    int lists = server.listRequests.get();
    assertRefused(verifier, Tokens.sign(key, Tokens.header(key), elsewhere), Reason.INVALID_CLAIMS);
    assertThat(server.listRequests).as("nothing fetched off the origin").hasValue(lists);
  }

  @Test
  void anotherIssuerIsRefused() {
    TokenVerifier verifier =
        TokenVerifier.verifyOnly("https://other.example", client).clock(clock).build();
    assertRefused(verifier, minter(key).mint(REQUEST).token(), Reason.WRONG_ISSUER);
  }

  @Test
  void aNewKeyOfTheIssuerIsFetchedOnceAndAFloodOfUnknownKidsFetchesNothingMore() {
    TokenVerifier verifier = verifier();
    verifier.verify(minter(key).mint(REQUEST).token());
    TokenKey rotated = TokenKey.generate(SignatureAlgorithm.ES256, "rotated");
    server.jwks =
        KeySet.verificationOnly(key.toPublicKey(), rotated.toPublicKey()).toPublicJwkSetJson();
    clock.advance(Duration.ofSeconds(31)); // past the JWK Set refresh interval
    assertThat(verifier.verify(minter(rotated).mint(REQUEST).token()).keyId()).isEqualTo("rotated");
    assertThat(server.jwksRequests).hasValue(2);
    assertThat(verifier.keys().current().key("rotated")).isNotNull();

    TokenKey stranger = TokenKey.generate(SignatureAlgorithm.ES256, "stranger");
    for (int i = 0; i < 20; i++) {
      assertRefused(verifier, minter(stranger).mint(REQUEST).token(), Reason.UNKNOWN_KEY);
    }
    assertThat(server.jwksRequests).as("one refetch per refresh interval at most").hasValue(2);
  }

  @Test
  void aKeyTheIssuerRetiredLeavesWithTheNextListPastTheJwkSetsMaxAge() {
    TokenVerifier verifier = verifier();
    TokenKey old = TokenKey.generate(SignatureAlgorithm.ES256, "old");
    server.jwks =
        KeySet.verificationOnly(key.toPublicKey(), old.toPublicKey()).toPublicJwkSetJson();
    String token = minter(old).mint(REQUEST).token();
    verifier.verify(token);
    server.jwks = KeySet.verificationOnly(key.toPublicKey()).toPublicJwkSetJson();
    clock.advance(Duration.ofMinutes(5));
    publish(); // a list issued now: fetched after its ttl, with the JWK Set
    assertRefused(verifier, token, Reason.UNKNOWN_KEY);
  }

  @Test
  void anIssuerThatNeverAnsweredFailsClosed() {
    server.stop();
    TokenVerifier verifier = verifier();
    assertRefused(verifier, minter(key).mint(REQUEST).token(), Reason.STORE_UNAVAILABLE);
  }

  @Test
  void aVerifyOnlyVerifierHasNoStatusCacheNorOwnerLiveness() {
    assertThatThrownBy(() -> verifier().statuses()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> TokenVerifier.verifyOnly(ISSUER, client).ownerLiveness((s, b) -> true).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ownerLiveness");
  }

  private Map<String, Object> claims() {
    Map<String, Object> claims =
        new LinkedHashMap<>(Tokens.claims(ISSUER, clock.instant(), Duration.ofHours(1)));
    return claims;
  }

  private static void assertRefused(TokenVerifier verifier, String token, Reason reason) {
    DzAuthException e = catchThrowableOfType(DzAuthException.class, () -> verifier.verify(token));
    assertThat(e).as("refused").isNotNull();
    assertThat(e.reason()).isEqualTo(reason);
  }
}
