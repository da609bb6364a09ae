package dev.dzauth.token;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.OwnerLiveness;
import dev.dzauth.status.OwnerLivenessCache;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Verifies {@code dz_} tokens. Thread-safe; never logs or keeps a token string outside its
 * verified-token cache.
 *
 * <p>Checks, in order: presence; length (before any decoding); the {@code dz_} prefix; three
 * base64url segments; the header ({@code alg} on the allow-list; no {@code jku}, {@code x5u},
 * {@code jwk}, {@code x5c}, {@code x5t}, {@code crit}; {@code typ} = {@value TokenFormat#TYPE};
 * {@code kid} naming a key of the {@link KeySetHolder} whose algorithm is {@code alg}); the
 * signature; the claims ({@code iss}, {@code token_type}, {@code sub}, {@code jti}, business);
 * {@code exp}, {@code nbf} and {@code iat} against the injected {@link Clock} with the configured
 * skew; and last the token's status through the {@link StatusCache}, and that the token's {@code
 * sub} and business are its record's ({@link Reason#RECORD_MISMATCH} otherwise).
 *
 * <p>A token that verified is cached: seen again, it skips decoding and signature checking, but its
 * time claims, its key (still in the ring?) and its status are checked on every use.
 *
 * <p><b>Verify-only</b> ({@link #verifyOnly}): a verifier with no store. The keys are the issuer's
 * JWK Set and a token's status is the entry of the Token Status List its {@value
 * TokenFormat#CLAIM_STATUS} claim names, both through a {@link RemoteIssuer}: a {@code kid} the
 * held key set lacks makes it fetch the set again (rate-limited by the remote issuer), and a token
 * without the claim is refused with {@link Reason#UNKNOWN_TOKEN} (its status is only in the
 * issuer's store). The claims and time checks are the same; there is no record, so {@link
 * VerifiedToken#tokenId()} is the {@code jti} and there is no {@link Reason#RECORD_MISMATCH} check.
 * The verified-token cache keeps the token's list and index, so a warm verify is a cache hit and a
 * list lookup, as a store-backed one is a cache hit and a status-cache hit. List statuses map to
 * reasons as: 0 → valid, 1 → {@link Reason#REVOKED}, 2 → {@link Reason#SUSPENDED}, an index outside
 * the list → {@link Reason#UNKNOWN_TOKEN}.
 */
public final class TokenVerifier {

  private final String issuer;
  private final KeySetHolder keys;
  private final @Nullable StatusCache statuses;
  private final @Nullable RemoteIssuer remote;
  private final @Nullable OwnerLivenessCache owners;
  private final Set<SignatureAlgorithm> allowed;
  private final Clock clock;
  private final long skewMillis;
  private final int maxTokenLength;
  private final VerifiedTokenCache verified;
  private final Duration clockSkew;
  private final long verifiedCacheSize;
  private final Duration verifiedCacheMaxAge;

  private TokenVerifier(Builder b, Set<SignatureAlgorithm> allowed) {
    this.issuer = b.issuer;
    this.keys = b.keys;
    this.statuses = b.statuses;
    this.remote = b.remote;
    StatusCache cache = b.statuses;
    this.owners =
        b.ownerLiveness == null || cache == null
            ? null
            : OwnerLivenessCache.of(b.ownerLiveness, cache);
    this.allowed = allowed;
    this.clock = b.clock;
    this.skewMillis = b.clockSkew.toMillis();
    this.maxTokenLength = b.maxTokenLength;
    this.verified = new VerifiedTokenCache(b.verifiedCacheSize, b.verifiedCacheMaxAge, b.clock);
    this.clockSkew = b.clockSkew;
    this.verifiedCacheSize = b.verifiedCacheSize;
    this.verifiedCacheMaxAge = b.verifiedCacheMaxAge;
  }

  /**
   * A builder for a verifier that accepts tokens of {@code issuer} signed by keys of {@code keys},
   * checking their status through {@code statuses}.
   */
  public static Builder builder(String issuer, KeySetHolder keys, StatusCache statuses) {
    return new Builder(
        issuer,
        Objects.requireNonNull(keys, "keys"),
        Objects.requireNonNull(statuses, "statuses"),
        null);
  }

  /**
   * A builder for a verify-only verifier (see the class description) that accepts tokens of {@code
   * issuer} (their {@code iss}) signed by keys of {@code remote}'s key set, checking their status
   * in the Token Status Lists their {@value TokenFormat#CLAIM_STATUS} claim names, through {@code
   * remote}. Its allowed algorithms default to ES256, EdDSA and RS256 (a JWK Set publishes no HMAC
   * key).
   */
  public static Builder verifyOnly(String issuer, RemoteIssuer remote) {
    return new Builder(
        issuer, KeySetHolder.of(KeySet.EMPTY), null, Objects.requireNonNull(remote, "remote"));
  }

  /**
   * Verifies {@code token} (the whole {@code dz_…} string, without {@code Bearer }).
   *
   * @return the verified token
   * @throws DzAuthException with the reason it was refused: a client fault ({@link
   *     DzAuthException.Kind#INVALID_TOKEN}) or {@link Reason#STORE_UNAVAILABLE}
   */
  public VerifiedToken verify(@Nullable String token) {
    if (token == null || token.isEmpty()) {
      throw DzAuthException.of(Reason.MISSING_TOKEN, "no token");
    }
    if (token.length() > maxTokenLength) {
      throw DzAuthException.of(
          Reason.MALFORMED, "token of " + token.length() + " characters exceeds " + maxTokenLength);
    }
    if (!token.startsWith(TokenFormat.PREFIX)) {
      throw DzAuthException.of(Reason.MALFORMED, "token does not start with dz_");
    }
    long now = clock.millis();
    VerifiedTokenCache.Entry hit = verified.get(token, now);
    if (hit != null) {
      RemoteIssuer r = remote;
      if (r == null) {
        if (isInService(hit.key())) {
          checkTime(hit.notBeforeMillis(), hit.expiresMillis(), now, hit.token().jti());
          checkStatus(hit.token().jti(), now);
          return hit.token();
        }
      } else {
        checkTime(hit.notBeforeMillis(), hit.expiresMillis(), now, hit.token().jti());
        // The list first: refetching it may refetch the JWK Set, which the key is checked in.
        checkListStatus(r, Objects.requireNonNull(hit.statusUri()), hit.statusIdx(), hit.token());
        if (isInService(hit.key())) {
          return hit.token();
        }
      }
    }
    VerifiedTokenCache.Entry entry = verifyUncached(token, now);
    verified.put(token, entry);
    return entry.token();
  }

  private boolean isInService(TokenKey key) {
    RemoteIssuer r = remote;
    KeySet set = r == null ? keys.current() : r.heldKeys();
    TokenKey current = set == null ? null : set.key(key.id());
    return current != null && (current == key || key.equals(current));
  }

  private VerifiedTokenCache.Entry verifyUncached(String token, long now) {
    JwsCompact jws = JwsCompact.parse(token, TokenFormat.PREFIX.length());
    Map<String, Object> headerJson = jws.header();
    RemoteIssuer r = remote;
    TokenKey key = r == null ? checkHeader(headerJson) : checkHeader(headerJson, r);
    jws.verifySignature(key, headerJson);

    Map<String, Object> claims = jws.payload();
    String jti = requiredString(claims, "jti");
    if (!issuer.equals(claims.get("iss"))) {
      throw DzAuthException.of(Reason.WRONG_ISSUER, "iss is not the configured issuer, jti " + jti);
    }
    if (!TokenFormat.TOKEN_TYPE_API.equals(claims.get(TokenFormat.CLAIM_TOKEN_TYPE))) {
      throw DzAuthException.of(Reason.WRONG_TYPE, "token_type is not api, jti " + jti);
    }
    String subject = requiredString(claims, "sub");
    String businessId = requiredString(claims, TokenFormat.CLAIM_BUSINESS_ID);
    Object scopeClaim = claims.get(TokenFormat.CLAIM_SCOPE);
    if (scopeClaim != null && !(scopeClaim instanceof String)) {
      throw DzAuthException.of(Reason.INVALID_CLAIMS, "scope is not a string, jti " + jti);
    }
    Set<String> scopes = parseScopes((String) scopeClaim);
    Object environmentClaim = claims.get(TokenFormat.CLAIM_ENVIRONMENT_ID);
    if (environmentClaim != null
        && (!(environmentClaim instanceof String env)
            || env.isBlank()
            || env.length() > TokenFormat.MAX_ENVIRONMENT_ID_LENGTH)) {
      throw DzAuthException.of(
          Reason.INVALID_CLAIMS, "environment_id is not a valid environment id, jti " + jti);
    }
    long iat = requiredSeconds(claims, "iat", jti);
    long nbf = optionalSeconds(claims, "nbf", jti, iat);
    long exp = optionalSeconds(claims, "exp", jti, Long.MAX_VALUE);
    long nbfMillis = Math.max(toMillis(nbf), toMillis(iat));
    long expMillis = exp == Long.MAX_VALUE ? Long.MAX_VALUE : toMillis(exp);
    checkTime(nbfMillis, expMillis, now, jti);

    if (r != null) {
      StatusListReference status = statusClaim(claims.get(TokenFormat.CLAIM_STATUS), jti);
      VerifiedToken verified =
          new VerifiedToken(
              jti,
              jti,
              subject,
              businessId,
              scopes,
              key.id(),
              Instant.ofEpochSecond(iat),
              exp == Long.MAX_VALUE ? null : Instant.ofEpochSecond(exp));
      checkListStatus(r, status.uri(), status.idx(), verified);
      return new VerifiedTokenCache.Entry(
          verified, key, nbfMillis, expMillis, status.uri(), status.idx());
    }
    VersionedStatus state = checkStatus(jti, now);
    if (!subject.equals(state.subject()) || !businessId.equals(state.businessId())) {
      // Checked once per token string: a record's owner never changes, so a cached hit needs no
      // check.
      throw DzAuthException.of(
          Reason.RECORD_MISMATCH,
          "token " + jti + " names another owner than its record " + state.tokenId());
    }
    VerifiedToken verified =
        new VerifiedToken(
            Objects.requireNonNull(state.tokenId()),
            jti,
            subject,
            businessId,
            scopes,
            key.id(),
            Instant.ofEpochSecond(iat),
            exp == Long.MAX_VALUE ? null : Instant.ofEpochSecond(exp),
            (String) environmentClaim);
    return new VerifiedTokenCache.Entry(verified, key, nbfMillis, expMillis);
  }

  private TokenKey checkHeader(Map<String, Object> header) {
    return JwsHeaders.check(header, allowed, TokenFormat.TYPE, keys.current());
  }

  /** Verify-only: the header against the issuer's key set, fetched again for a kid it lacks. */
  private TokenKey checkHeader(Map<String, Object> header, RemoteIssuer r) {
    KeySet held = r.keys(null);
    try {
      return JwsHeaders.check(header, allowed, TokenFormat.TYPE, held);
    } catch (DzAuthException e) {
      if (e.reason() != Reason.UNKNOWN_KEY) {
        throw e;
      }
      KeySet again = r.keys(held);
      if (again == held) {
        throw e;
      }
      return JwsHeaders.check(header, allowed, TokenFormat.TYPE, again);
    } finally {
      KeySet now = r.heldKeys();
      if (now != null && now != keys.current()) {
        keys.replace(now);
      }
    }
  }

  /** Verify-only: the token's status from the list its status claim names. */
  private static void checkListStatus(RemoteIssuer r, String uri, int idx, VerifiedToken token) {
    TokenStatus status = r.status(uri, idx);
    switch (status) {
      case ACTIVE -> {}
      case SUSPENDED ->
          throw DzAuthException.of(Reason.SUSPENDED, "token " + token.jti() + " is suspended");
      case UNKNOWN ->
          throw DzAuthException.of(
              Reason.UNKNOWN_TOKEN,
              "token " + token.jti() + " has index " + idx + ", outside its status list");
      default ->
          throw DzAuthException.of(
              Reason.REVOKED, "token " + token.jti() + " is invalid in its status list");
    }
  }

  /** The {@code status.status_list} claim: {@code idx} and {@code uri}. */
  private static StatusListReference statusClaim(@Nullable Object claim, String jti) {
    if (claim == null) {
      throw DzAuthException.of(
          Reason.UNKNOWN_TOKEN,
          "token "
              + jti
              + " has no status claim: only the issuer's store knows its status, and this"
              + " verifier is verify-only");
    }
    if (claim instanceof Map<?, ?> status
        && status.get(TokenFormat.STATUS_LIST) instanceof Map<?, ?> list
        && list.get("idx") instanceof Number idx
        && list.get("uri") instanceof String uri
        && !uri.isBlank()
        && uri.length() <= StatusListReference.MAX_URI_LENGTH) {
      double d = idx.doubleValue();
      if (d >= 0 && d <= Integer.MAX_VALUE && d == Math.rint(d)) {
        return new StatusListReference(uri, idx.intValue());
      }
    }
    throw DzAuthException.of(
        Reason.INVALID_CLAIMS, "claim status is not {status_list: {idx, uri}}, jti " + jti);
  }

  private void checkTime(long notBeforeMillis, long expiresMillis, long now, String jti) {
    if (expiresMillis != Long.MAX_VALUE && now - skewMillis >= expiresMillis) {
      throw DzAuthException.of(
          Reason.EXPIRED,
          "token "
              + jti
              + " expired "
              + Duration.ofMillis(now - expiresMillis).toSeconds()
              + " s ago (allowed skew "
              + skewMillis / 1000
              + " s)");
    }
    if (now + skewMillis < notBeforeMillis) {
      throw DzAuthException.of(
          Reason.NOT_YET_VALID,
          "token "
              + jti
              + " is valid only in "
              + Duration.ofMillis(notBeforeMillis - now).toSeconds()
              + " s (allowed skew "
              + skewMillis / 1000
              + " s)");
    }
  }

  private VersionedStatus checkStatus(String jti, long now) {
    VersionedStatus state = Objects.requireNonNull(statuses).status(jti);
    return switch (state.status()) {
      case ACTIVE -> inService(state, jti, now);
      case SUSPENDED ->
          throw DzAuthException.of(Reason.SUSPENDED, "token " + jti + " is suspended");
      case REVOKED -> throw DzAuthException.of(Reason.REVOKED, "token " + jti + " is revoked");
      case DELETED -> throw DzAuthException.of(Reason.DELETED, "token " + jti + " is deleted");
      case UNKNOWN ->
          throw DzAuthException.of(Reason.UNKNOWN_TOKEN, "token " + jti + " is unknown");
    };
  }

  /** An active token's state, unless a roll ended it or its owner is no longer active. */
  private VersionedStatus inService(VersionedStatus state, String jti, long now) {
    if (state.endedAt(now)) {
      throw DzAuthException.of(
          Reason.EXPIRED, "token " + jti + " was rolled and its grace period has ended");
    }
    OwnerLivenessCache o = owners;
    if (o != null) {
      o.check(
          jti, Objects.requireNonNull(state.subject()), Objects.requireNonNull(state.businessId()));
    }
    return state;
  }

  private static String requiredString(Map<String, Object> claims, String name) {
    Object v = claims.get(name);
    if (!(v instanceof String s) || s.isEmpty() || s.length() > 255) {
      throw DzAuthException.of(Reason.INVALID_CLAIMS, "claim " + name + " is missing or invalid");
    }
    return s;
  }

  private static long requiredSeconds(Map<String, Object> claims, String name, String jti) {
    Object v = claims.get(name);
    if (!(v instanceof Number n)) {
      throw DzAuthException.of(Reason.INVALID_CLAIMS, "claim " + name + " missing, jti " + jti);
    }
    return seconds(n, name, jti);
  }

  private static long optionalSeconds(
      Map<String, Object> claims, String name, String jti, long absent) {
    Object v = claims.get(name);
    if (v == null) {
      return absent;
    }
    if (!(v instanceof Number n)) {
      throw DzAuthException.of(
          Reason.INVALID_CLAIMS, "claim " + name + " is not a number, jti " + jti);
    }
    return seconds(n, name, jti);
  }

  private static long seconds(Number n, String name, String jti) {
    double d = n.doubleValue();
    if (!(d >= 0 && d < 253402300800d)) { // year 10000
      throw DzAuthException.of(
          Reason.INVALID_CLAIMS, "claim " + name + " out of range, jti " + jti);
    }
    return n.longValue();
  }

  private static long toMillis(long seconds) {
    return seconds * 1000L;
  }

  private static Set<String> parseScopes(@Nullable String scope) {
    if (scope == null || scope.isBlank()) {
      return Set.of();
    }
    return Set.of(scope.trim().split(" +"));
  }

  /** The issuer this verifier accepts. */
  public String issuer() {
    return issuer;
  }

  /**
   * The key ring this verifier reads keys from; for a verify-only verifier, a copy of the issuer's
   * key set as of its last verification without the cache (empty before the first).
   */
  public KeySetHolder keys() {
    return keys;
  }

  /**
   * The status cache this verifier consults.
   *
   * @throws IllegalStateException for a verify-only verifier, which has none ({@link #remote()})
   */
  public StatusCache statuses() {
    StatusCache s = statuses;
    if (s == null) {
      throw new IllegalStateException("a verify-only verifier has no status cache");
    }
    return s;
  }

  /** Whether this verifier is verify-only ({@link #verifyOnly}): no store, no status cache. */
  public boolean isVerifyOnly() {
    return remote != null;
  }

  /** The remote issuer of a verify-only verifier, or {@code null}. */
  public @Nullable RemoteIssuer remote() {
    return remote;
  }

  /** The algorithms this verifier accepts in a token's header. */
  public Set<SignatureAlgorithm> allowedAlgorithms() {
    return allowed;
  }

  /** The tolerance on {@code exp}, {@code nbf} and {@code iat} ({@link Builder#clockSkew}). */
  public Duration clockSkew() {
    return clockSkew;
  }

  /** How many verified tokens are cached, 0 for none ({@link Builder#verifiedCacheSize}). */
  public long verifiedCacheSize() {
    return verifiedCacheSize;
  }

  /** The longest a verification is cached ({@link Builder#verifiedCacheMaxAge}). */
  public Duration verifiedCacheMaxAge() {
    return verifiedCacheMaxAge;
  }

  /** Verified-token cache counters, for metrics. */
  public Stats stats() {
    return verified.counters();
  }

  /**
   * Cache counters.
   *
   * @param hits lookups answered from the cache
   * @param misses lookups that were not
   * @param size the approximate number of entries
   */
  public record Stats(long hits, long misses, long size) {
    /** Hits over lookups, or 1 when there were none. */
    public double hitRatio() {
      long total = hits + misses;
      return total == 0 ? 1.0 : (double) hits / total;
    }
  }

  /** Configures a {@link TokenVerifier}. */
  public static final class Builder {
    private final String issuer;
    private final KeySetHolder keys;
    private final @Nullable StatusCache statuses;
    private final @Nullable RemoteIssuer remote;
    private @Nullable Set<SignatureAlgorithm> allowedAlgorithms;
    private Clock clock = Clock.systemUTC();
    private Duration clockSkew = Duration.ofSeconds(30);
    private int maxTokenLength = TokenFormat.DEFAULT_MAX_TOKEN_LENGTH;
    private long verifiedCacheSize = 10_000;
    private Duration verifiedCacheMaxAge = Duration.ofHours(1);
    private @Nullable OwnerLiveness ownerLiveness;

    private Builder(
        String issuer,
        KeySetHolder keys,
        @Nullable StatusCache statuses,
        @Nullable RemoteIssuer remote) {
      this.issuer = TokenMinter.requireIssuer(issuer);
      this.keys = keys;
      this.statuses = statuses;
      this.remote = remote;
    }

    /**
     * The algorithms accepted; default the algorithms of the keys in the ring when the verifier is
     * built. Set it when rotating to a key of another algorithm.
     */
    public Builder allowedAlgorithms(Set<SignatureAlgorithm> algorithms) {
      if (algorithms.isEmpty()) {
        throw new IllegalArgumentException("allowedAlgorithms must not be empty");
      }
      this.allowedAlgorithms = EnumSet.copyOf(algorithms);
      return this;
    }

    /** The clock time claims are checked against; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How far {@code exp}, {@code nbf} and {@code iat} may be off; default 30 s, at most 5 min. */
    public Builder clockSkew(Duration clockSkew) {
      if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException(
            "clockSkew must be between 0 and 5 minutes, got " + clockSkew);
      }
      this.clockSkew = clockSkew;
      return this;
    }

    /** Tokens longer than this are refused before decoding; default 4096, 256 to 16384. */
    public Builder maxTokenLength(int maxTokenLength) {
      if (maxTokenLength < 256 || maxTokenLength > 16_384) {
        throw new IllegalArgumentException(
            "maxTokenLength must be 256 to 16384, got " + maxTokenLength);
      }
      this.maxTokenLength = maxTokenLength;
      return this;
    }

    /** How many verified tokens are cached; default 10,000; 0 disables the cache. */
    public Builder verifiedCacheSize(long size) {
      if (size < 0) {
        throw new IllegalArgumentException("verifiedCacheSize must not be negative, got " + size);
      }
      this.verifiedCacheSize = size;
      return this;
    }

    /** The longest a verification is cached (also bounded by the token's expiry); default 1 h. */
    public Builder verifiedCacheMaxAge(Duration maxAge) {
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("verifiedCacheMaxAge must be positive, got " + maxAge);
      }
      this.verifiedCacheMaxAge = maxAge;
      return this;
    }

    /**
     * The application's hook that says whether a token's owner is still active, asked (through an
     * {@link OwnerLivenessCache} with the status cache's bounds) after the token's own status;
     * default none. Not for a verify-only verifier ({@link #build} refuses it).
     */
    public Builder ownerLiveness(OwnerLiveness hook) {
      this.ownerLiveness = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @throws IllegalStateException for a verify-only verifier with an {@link #ownerLiveness} hook
     */
    public TokenVerifier build() {
      if (remote != null && ownerLiveness != null) {
        throw new IllegalStateException(
            "ownerLiveness needs a status cache; a verify-only verifier has none");
      }
      Set<SignatureAlgorithm> allowed = allowedAlgorithms;
      if (allowed == null && remote != null) {
        allowed =
            EnumSet.of(
                SignatureAlgorithm.ES256, SignatureAlgorithm.EdDSA, SignatureAlgorithm.RS256);
      } else if (allowed == null) {
        allowed = EnumSet.noneOf(SignatureAlgorithm.class);
        for (TokenKey k : keys.current().keys()) {
          allowed.add(k.algorithm());
        }
      }
      return new TokenVerifier(this, Set.copyOf(allowed));
    }
  }
}
