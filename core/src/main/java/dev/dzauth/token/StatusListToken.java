package dev.dzauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.StatusList;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Status List Token in JWT format (draft-ietf-oauth-status-list-20, section "Status List Token in
 * JWT Format"): a JWS with {@code typ} {@value #TYPE} whose claims are {@code sub} (the list's
 * URI), {@code iat}, optionally {@code exp} and {@code ttl}, and {@code status_list} ({@code bits},
 * {@code lst}). Immutable.
 *
 * <p>An issuer {@linkplain #sign(KeySet) signs} one with the active key of its key set; a relying
 * party {@linkplain Verifier#verify verifies} one against a key set (the issuer's JWK Set) and gets
 * the list back. No Nimbus type appears here.
 *
 * @param uri the list's URI, the {@code sub} claim; the {@code uri} of the referenced tokens
 * @param issuedAt {@code iat} (whole seconds)
 * @param expiresAt {@code exp}, or {@code null}: after it the list must not be relied upon
 * @param ttl {@code ttl}, or {@code null}: how long a fetched copy may be cached
 * @param statusList the list
 */
public record StatusListToken(
    String uri,
    Instant issuedAt,
    @Nullable Instant expiresAt,
    @Nullable Duration ttl,
    StatusList statusList) {

  /** The {@code typ} header of a Status List Token. */
  public static final String TYPE = "statuslist+jwt";

  /** The media type a Status List Token is served as (and asked for in {@code Accept}). */
  public static final String MEDIA_TYPE = "application/" + TYPE;

  /** The claim holding the Status List ({@code bits} and {@code lst}). */
  public static final String CLAIM_STATUS_LIST = "status_list";

  /** The time-to-live claim, in seconds. */
  public static final String CLAIM_TTL = "ttl";

  private static final JOSEObjectType JOSE_TYPE = new JOSEObjectType(TYPE);
  private static final int MAX_URI_LENGTH = 2048;
  private static final double YEAR_10000 = 253402300800d;
  private static final double MAX_TTL_SECONDS = 10 * 366 * 86400d;

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException when {@code uri} is blank or longer than 2048 characters,
   *     {@code expiresAt} is not after {@code issuedAt}, or {@code ttl} is not positive
   */
  public StatusListToken {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(statusList, "statusList");
    if (uri.isBlank() || uri.length() > MAX_URI_LENGTH) {
      throw new IllegalArgumentException("uri must be 1 to " + MAX_URI_LENGTH + " characters");
    }
    if (expiresAt != null && !expiresAt.isAfter(issuedAt)) {
      throw new IllegalArgumentException("expiresAt must be after issuedAt");
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttl);
    }
  }

  /**
   * Signs this token with the active key of {@code keys}.
   *
   * @return the JWS compact serialization (what the list's URI serves as {@value #MEDIA_TYPE})
   * @throws IllegalStateException if {@code keys} has no active signing key
   */
  public String sign(KeySet keys) {
    return sign(
        keys.activeKey()
            .orElseThrow(() -> new IllegalStateException("the key set has no active signing key")));
  }

  /**
   * Signs this token with {@code key}: header {@code alg}, {@code kid}, {@code typ} = {@value
   * #TYPE}; {@code iat} and {@code exp} in whole seconds (truncated), {@code ttl} in whole seconds
   * (rounded up).
   *
   * @throws IllegalStateException if {@code key} cannot sign
   */
  public String sign(TokenKey key) {
    JWSSigner signer = key.signer();
    if (signer == null) {
      throw new IllegalStateException("key " + key.id() + " has no private material");
    }
    JWSHeader header =
        new JWSHeader.Builder(Jose.jwsAlgorithm(key.algorithm()))
            .type(JOSE_TYPE)
            .keyID(key.id())
            .build();
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("bits", statusList.bits());
    list.put("lst", statusList.encode());
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(uri)
            .issueTime(Date.from(issuedAt.truncatedTo(ChronoUnit.SECONDS)))
            .claim(CLAIM_STATUS_LIST, list);
    if (expiresAt != null) {
      claims.expirationTime(Date.from(expiresAt.truncatedTo(ChronoUnit.SECONDS)));
    }
    if (ttl != null) {
      claims.claim(CLAIM_TTL, ttl.toSeconds() + (ttl.getNano() == 0 ? 0 : 1));
    }
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing with key " + key.id() + " failed", e);
    }
    return jwt.serialize();
  }

  /** A builder for a {@link Verifier}. */
  public static Verifier.Builder verifier() {
    return new Verifier.Builder();
  }

  /**
   * Verifies Status List Tokens. Immutable and thread-safe; never logs a token.
   *
   * <p>Checks, in order: length; three base64url segments; the header as for {@code dz_} tokens
   * ({@code alg} on the allow-list, no {@code jku}, {@code x5u}, {@code jwk}, {@code x5c}, {@code
   * x5t}, {@code crit}, ...; {@code typ} = {@value StatusListToken#TYPE}; {@code kid} naming a key
   * of the given key set, of algorithm {@code alg}); the signature; {@code sub} equal to the
   * expected URI; {@code iat} present and not in the future (beyond the clock skew), likewise
   * {@code nbf} if present; {@code exp}, if present, not passed (no tolerance: an expired list is
   * never relied upon); {@code ttl}, if present, a positive number; {@code status_list} with {@code
   * bits} 1, 2, 4 or 8 and an {@code lst} that decodes to at most {@link Builder#maxListBytes}.
   */
  public static final class Verifier {

    private final Set<SignatureAlgorithm> allowed;
    private final Clock clock;
    private final long skewMillis;
    private final int maxTokenLength;
    private final int maxListBytes;

    private Verifier(Builder b) {
      this.allowed = Set.copyOf(b.allowed);
      this.clock = b.clock;
      this.skewMillis = b.clockSkew.toMillis();
      this.maxTokenLength = b.maxTokenLength;
      this.maxListBytes = b.maxListBytes;
    }

    /**
     * Verifies {@code jwt}, the Status List Token served at {@code expectedUri}, with the keys of
     * {@code keys}.
     *
     * @throws DzAuthException with {@link Reason#MALFORMED}, {@link Reason#ALGORITHM_NOT_ALLOWED},
     *     {@link Reason#UNSUPPORTED_HEADER}, {@link Reason#WRONG_TYPE}, {@link Reason#UNKNOWN_KEY}
     *     (the caller may refresh its key set and try again), {@link Reason#BAD_SIGNATURE}, {@link
     *     Reason#INVALID_CLAIMS} (also for a {@code sub} other than {@code expectedUri} or an
     *     undecodable or oversized list), {@link Reason#NOT_YET_VALID} or {@link Reason#EXPIRED}
     */
    public StatusListToken verify(String jwt, String expectedUri, KeySet keys) {
      if (jwt.isEmpty() || jwt.length() > maxTokenLength) {
        throw DzAuthException.of(
            Reason.MALFORMED,
            "status list token of " + jwt.length() + " characters (1 to " + maxTokenLength + ")");
      }
      JwsCompact jws = JwsCompact.parse(jwt, 0);
      Map<String, Object> header = jws.header();
      TokenKey key = JwsHeaders.check(header, allowed, TYPE, keys);
      jws.verifySignature(key, header);

      Map<String, Object> claims = jws.payload();
      if (!expectedUri.equals(claims.get("sub"))) {
        throw DzAuthException.of(
            Reason.INVALID_CLAIMS,
            "status list token sub "
                + JwsHeaders.printable(claims.get("sub"))
                + " is not the list's URI");
      }
      long now = clock.millis();
      long iat = seconds(claims, "iat", true);
      if (iat * 1000 > now + skewMillis) {
        throw DzAuthException.of(
            Reason.NOT_YET_VALID, "status list token iat lies in the future: " + expectedUri);
      }
      long nbf = seconds(claims, "nbf", false);
      if (nbf >= 0 && nbf * 1000 > now + skewMillis) {
        throw DzAuthException.of(
            Reason.NOT_YET_VALID, "status list token nbf lies in the future: " + expectedUri);
      }
      long exp = seconds(claims, "exp", false);
      if (exp >= 0 && now >= exp * 1000) {
        throw DzAuthException.of(
            Reason.EXPIRED, "status list token expired at " + Instant.ofEpochSecond(exp));
      }
      if (exp >= 0 && exp <= iat) {
        throw DzAuthException.of(Reason.INVALID_CLAIMS, "status list token exp is not after iat");
      }
      return new StatusListToken(
          expectedUri,
          Instant.ofEpochSecond(iat),
          exp >= 0 ? Instant.ofEpochSecond(exp) : null,
          ttl(claims.get(CLAIM_TTL)),
          statusList(claims.get(CLAIM_STATUS_LIST)));
    }

    /** The algorithms accepted in a Status List Token's header. */
    public Set<SignatureAlgorithm> allowedAlgorithms() {
      return allowed;
    }

    /** The largest byte array a list may inflate to. */
    public int maxListBytes() {
      return maxListBytes;
    }

    /** Longer tokens are refused before any decoding. */
    public int maxTokenLength() {
      return maxTokenLength;
    }

    /** A time claim in seconds; -1 when absent and optional. */
    private static long seconds(Map<String, Object> claims, String name, boolean required) {
      Object v = claims.get(name);
      if (v == null && !required) {
        return -1;
      }
      if (!(v instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() < YEAR_10000)) {
        throw DzAuthException.of(
            Reason.INVALID_CLAIMS, "status list token claim " + name + " is missing or invalid");
      }
      return n.longValue();
    }

    private static @Nullable Duration ttl(@Nullable Object v) {
      if (v == null) {
        return null;
      }
      if (!(v instanceof Number n)
          || !(n.doubleValue() > 0 && n.doubleValue() <= MAX_TTL_SECONDS)) {
        throw DzAuthException.of(
            Reason.INVALID_CLAIMS, "status list token ttl is not a positive number of seconds");
      }
      return Duration.ofMillis((long) Math.ceil(n.doubleValue() * 1000));
    }

    private StatusList statusList(@Nullable Object v) {
      if (!(v instanceof Map<?, ?> m)
          || !(m.get("bits") instanceof Number bits)
          || !(m.get("lst") instanceof String lst)) {
        throw DzAuthException.of(
            Reason.INVALID_CLAIMS, "status list token has no status_list with bits and lst");
      }
      double b = bits.doubleValue();
      if (b != 1 && b != 2 && b != 4 && b != 8) {
        throw DzAuthException.of(Reason.INVALID_CLAIMS, "status_list bits is not 1, 2, 4 or 8");
      }
      try {
        return StatusList.decode(lst, (int) b, maxListBytes);
      } catch (IllegalArgumentException e) {
        throw DzAuthException.of(
            Reason.INVALID_CLAIMS, "status_list lst is invalid: " + e.getMessage(), e);
      }
    }

    /** Configures a {@link Verifier}. */
    public static final class Builder {
      private Set<SignatureAlgorithm> allowed =
          EnumSet.of(SignatureAlgorithm.ES256, SignatureAlgorithm.EdDSA, SignatureAlgorithm.RS256);
      private Clock clock = Clock.systemUTC();
      private Duration clockSkew = Duration.ofSeconds(30);
      private int maxTokenLength = 1 << 20;
      private int maxListBytes = 4 << 20;

      private Builder() {}

      /**
       * The algorithms accepted; default ES256, EdDSA and RS256 (digital signatures, as the draft
       * recommends). Add HS256 only where issuer and relying party share the secret.
       */
      public Builder allowedAlgorithms(Set<SignatureAlgorithm> algorithms) {
        if (algorithms.isEmpty()) {
          throw new IllegalArgumentException("allowedAlgorithms must not be empty");
        }
        this.allowed = EnumSet.copyOf(algorithms);
        return this;
      }

      /** The clock {@code iat}, {@code nbf} and {@code exp} are checked against; default UTC. */
      public Builder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
      }

      /**
       * How far in the future {@code iat} and {@code nbf} may lie; default 30 s, at most 5 min.
       * {@code exp} has no tolerance.
       */
      public Builder clockSkew(Duration clockSkew) {
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
          throw new IllegalArgumentException(
              "clockSkew must be between 0 and 5 minutes, got " + clockSkew);
        }
        this.clockSkew = clockSkew;
        return this;
      }

      /** Longer tokens are refused before decoding; default 1 MiB, 1 KiB to 64 MiB. */
      public Builder maxTokenLength(int maxTokenLength) {
        if (maxTokenLength < 1024 || maxTokenLength > (64 << 20)) {
          throw new IllegalArgumentException(
              "maxTokenLength must be 1 KiB to 64 MiB, got " + maxTokenLength);
        }
        this.maxTokenLength = maxTokenLength;
        return this;
      }

      /**
       * The largest byte array a list may inflate to; default 4 MiB (16 Mi entries of 2 bits), 1 to
       * {@link StatusList#MAX_BYTES}.
       */
      public Builder maxListBytes(int maxListBytes) {
        if (maxListBytes < 1 || maxListBytes > StatusList.MAX_BYTES) {
          throw new IllegalArgumentException(
              "maxListBytes must be 1 to " + StatusList.MAX_BYTES + ", got " + maxListBytes);
        }
        this.maxListBytes = maxListBytes;
        return this;
      }

      /** Builds the verifier. */
      public Verifier build() {
        return new Verifier(this);
      }
    }
  }
}
