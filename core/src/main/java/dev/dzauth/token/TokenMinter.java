package dev.dzauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Mints {@code dz_} tokens with the active key of a {@link KeySetHolder}. Thread-safe; never logs
 * or keeps a token. The {@code jti} is a random (type 4) UUID from the JDK's secure random source.
 *
 * <p>With {@linkplain Builder#statusLists status lists}, every token also carries a {@value
 * TokenFormat#CLAIM_STATUS} claim naming its entry in the issuer's Token Status Lists, allocated
 * before the token is signed.
 *
 * <pre>{@code
 * TokenMinter minter = TokenMinter.builder("https://auth.example.com", ring).build();
 * MintedToken t = minter.mint(new MintRequest("user-1", businessId, Set.of("tokens:read"), Duration.ofDays(365)));
 * }</pre>
 */
public final class TokenMinter {

  private static final JOSEObjectType TYPE = new JOSEObjectType(TokenFormat.TYPE);

  private final String issuer;
  private final KeySetHolder keys;
  private final Clock clock;
  private final @Nullable StatusListAllocator statusLists;

  private TokenMinter(Builder b) {
    this.issuer = b.issuer;
    this.keys = b.keys;
    this.clock = b.clock;
    this.statusLists = b.statusLists;
  }

  /** A builder for a minter that signs as {@code issuer} with the active key of {@code keys}. */
  public static Builder builder(String issuer, KeySetHolder keys) {
    return new Builder(issuer, keys);
  }

  /**
   * Mints a token for {@code request}.
   *
   * @throws IllegalStateException if the key set in service has no active signing key
   * @throws dev.dzauth.DzAuthException with {@link
   *     dev.dzauth.DzAuthException.Reason#STORE_UNAVAILABLE} when status lists are on and no entry
   *     can be allocated
   */
  public MintedToken mint(MintRequest request) {
    TokenKey key =
        keys.current()
            .activeKey()
            .orElseThrow(() -> new IllegalStateException("the key set has no active signing key"));
    JWSSigner signer = Objects.requireNonNull(key.signer());
    String jti = UUID.randomUUID().toString();
    StatusListAllocator allocator = statusLists;
    StatusListReference status = allocator == null ? null : allocator.allocate(jti, request);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = request.lifetime() == null ? null : now.plus(request.lifetime());

    JWSHeader header =
        new JWSHeader.Builder(Jose.jwsAlgorithm(key.algorithm()))
            .type(TYPE)
            .keyID(key.id())
            .build();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(request.subject())
            .jwtID(jti)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .claim(TokenFormat.CLAIM_BUSINESS_ID, request.businessId())
            .claim(TokenFormat.CLAIM_SCOPE, String.join(" ", new TreeSet<>(request.scopes())))
            .claim(TokenFormat.CLAIM_TOKEN_TYPE, TokenFormat.TOKEN_TYPE_API);
    if (request.environmentId() != null) {
      claims.claim(TokenFormat.CLAIM_ENVIRONMENT_ID, request.environmentId());
    }
    if (expiresAt != null) {
      claims.expirationTime(Date.from(expiresAt));
    }
    if (status != null) {
      Map<String, Object> reference = new LinkedHashMap<>();
      reference.put("idx", status.idx());
      reference.put("uri", status.uri());
      claims.claim(TokenFormat.CLAIM_STATUS, Map.of(TokenFormat.STATUS_LIST, reference));
    }
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing with key " + key.id() + " failed", e);
    }
    String token = TokenFormat.PREFIX + jwt.serialize();
    return new MintedToken(token, jti, TokenFormat.displayPrefix(token), key.id(), now, expiresAt);
  }

  /** The active signing key of the key set in service, if it has one. */
  public java.util.Optional<TokenKey> activeKey() {
    return keys.current().activeKey();
  }

  /** The issuer ({@code iss}) this minter writes. */
  public String issuer() {
    return issuer;
  }

  /**
   * Whether new tokens carry a {@value TokenFormat#CLAIM_STATUS} claim ({@link
   * Builder#statusLists}).
   */
  public boolean hasStatusLists() {
    return statusLists != null;
  }

  /** Configures a {@link TokenMinter}. */
  public static final class Builder {
    private final String issuer;
    private final KeySetHolder keys;
    private Clock clock = Clock.systemUTC();
    private @Nullable StatusListAllocator statusLists;

    private Builder(String issuer, KeySetHolder keys) {
      this.issuer = requireIssuer(issuer);
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The clock for {@code iat}, {@code nbf} and {@code exp}; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Gives every new token an entry in the issuer's Token Status Lists, allocated by {@code
     * allocator} before the token is signed, and its {@value TokenFormat#CLAIM_STATUS} claim;
     * default none (tokens have no such claim and are checked against the store only).
     */
    public Builder statusLists(StatusListAllocator allocator) {
      this.statusLists = Objects.requireNonNull(allocator, "allocator");
      return this;
    }

    /** Builds the minter. */
    public TokenMinter build() {
      return new TokenMinter(this);
    }
  }

  static String requireIssuer(@Nullable String issuer) {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("issuer must be a non-blank string");
    }
    return issuer;
  }
}
