package dev.dzauth.benchmarks;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusFeed;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.MintRequest;
import dev.dzauth.token.MintedToken;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/**
 * One key of one algorithm, a minter and an in-memory status store, shared by the benchmarks. The
 * store is a {@link ConcurrentHashMap} behind the {@code TokenStatusStore} lambda; every minted
 * token is recorded {@code ACTIVE}.
 */
final class Fixture implements AutoCloseable {

  static final String ISSUER = "https://auth.example.com";
  static final String TYPE = "dz-api+jwt";
  static final MintRequest REQUEST =
      new MintRequest(
          "user-42",
          "7c9e6679-7425-40de-944b-e07fc1f90ae7",
          Set.of("tokens:read", "tokens:write", "orders:read"),
          Duration.ofDays(365));

  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };
  private static final byte[] ED25519_PKCS8_PREFIX = {
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
  };

  final SignatureAlgorithm algorithm;
  final TokenKey key;
  final KeySetHolder ring;
  final TokenMinter minter;
  final Map<String, VersionedStatus> store = new ConcurrentHashMap<>();
  final StatusCache statuses;
  final StatusFeedPoller poller;
  private static final StatusFeed NO_CHANGES =
      new StatusFeed() {
        @Override
        public java.util.List<dev.dzauth.status.FeedEntry> changesSince(long after, int limit) {
          return java.util.List.of();
        }

        @Override
        public long latestSequence() {
          return 0;
        }
      };

  /** The key as a Nimbus JWK (private part included), for the competitors. */
  final JWK jwk;

  Fixture(SignatureAlgorithm algorithm) {
    this.algorithm = algorithm;
    this.key = TokenKey.generate(algorithm, "bench-" + algorithm.jwsName().toLowerCase());
    this.ring = KeySetHolder.of(KeySet.of(key));
    this.minter = TokenMinter.builder(ISSUER, ring).build();
    this.statuses = StatusCache.builder(this::lookup).build();
    // Anchored, as with a JDBC store and its poller: hits need no per-token refresh. The feed
    // here has no changes; a poll is one call returning nothing.
    this.poller = StatusFeedPoller.builder(NO_CHANGES, statuses).build().start();
    try {
      this.jwk = JWK.parse(key.toJwkJson());
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  private VersionedStatus lookup(String jti) {
    VersionedStatus s = store.get(jti);
    return s == null ? VersionedStatus.unknown() : s;
  }

  /** Mints a token, records it active in the store and warms its status in the cache. */
  String mint() {
    return record(minter.mint(REQUEST));
  }

  /** Records {@code t} active in the store and warms its status in the cache; its token. */
  String record(MintedToken t) {
    store.put(
        t.jti(),
        VersionedStatus.of(
            UUID.randomUUID().toString(),
            TokenStatus.ACTIVE,
            0,
            Fixture.REQUEST.subject(),
            Fixture.REQUEST.businessId()));
    statuses.status(t.jti());
    return t.token();
  }

  String[] mint(int n) {
    String[] tokens = new String[n];
    for (int i = 0; i < n; i++) {
      tokens[i] = mint();
    }
    return tokens;
  }

  TokenVerifier verifier(long verifiedCacheSize) {
    return TokenVerifier.builder(ISSUER, ring, statuses)
        .verifiedCacheSize(verifiedCacheSize)
        .build();
  }

  /** The JWS compact serialization inside a dz_ token. */
  static String jwt(String dzToken) {
    return dzToken.substring(3);
  }

  SecretKey secretKey() {
    return ((OctetSequenceKey) jwk).toSecretKey("HmacSHA256");
  }

  /** The public key (asymmetric algorithms). */
  PublicKey publicKey() {
    try {
      return switch (algorithm) {
        case ES256 -> ((ECKey) jwk).toECPublicKey();
        case RS256 -> ((RSAKey) jwk).toRSAPublicKey();
        case EdDSA ->
            KeyFactory.getInstance("Ed25519")
                .generatePublic(
                    new X509EncodedKeySpec(
                        concat(ED25519_SPKI_PREFIX, ((OctetKeyPair) jwk).getX().decode())));
        case HS256 -> throw new IllegalStateException("HS256 has no public key");
      };
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The signing key: the secret for HS256, the private key otherwise. */
  Key signingKey() {
    try {
      return switch (algorithm) {
        case HS256 -> secretKey();
        case ES256 -> ((ECKey) jwk).toECPrivateKey();
        case RS256 -> ((RSAKey) jwk).toRSAPrivateKey();
        case EdDSA -> ed25519Private();
      };
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private PrivateKey ed25519Private() throws Exception {
    return KeyFactory.getInstance("Ed25519")
        .generatePrivate(
            new PKCS8EncodedKeySpec(
                concat(ED25519_PKCS8_PREFIX, ((OctetKeyPair) jwk).getD().decode())));
  }

  /** The JCA algorithm name over the raw JWS signature bytes. */
  String jcaName() {
    return switch (algorithm) {
      case HS256 -> "HmacSHA256";
      case ES256 -> "SHA256withECDSAinP1363Format";
      case RS256 -> "SHA256withRSA";
      case EdDSA -> "Ed25519";
    };
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public void close() {
    poller.close();
    statuses.close();
  }
}
