package dev.dzauth.token;

import org.jspecify.annotations.Nullable;

/**
 * The JWS algorithms dz-auth signs and verifies with. Anything else — {@code none}, other HMAC
 * sizes, RSA-PSS, JWE — is never accepted.
 */
public enum SignatureAlgorithm {
  /** HMAC with SHA-256 (RFC 7518 §3.2); a shared secret of at least 256 bits. */
  HS256("HS256", false),
  /** ECDSA on P-256 with SHA-256 (RFC 7518 §3.4). */
  ES256("ES256", true),
  /** EdDSA with Ed25519 (RFC 8037). */
  EdDSA("EdDSA", true),
  /** RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3); keys of at least 2048 bits. */
  RS256("RS256", true);

  private final String jwsName;
  private final boolean asymmetric;

  SignatureAlgorithm(String jwsName, boolean asymmetric) {
    this.jwsName = jwsName;
    this.asymmetric = asymmetric;
  }

  /** The {@code alg} header value. */
  public String jwsName() {
    return jwsName;
  }

  /** Whether verification needs only a public key (which may then be published). */
  public boolean isAsymmetric() {
    return asymmetric;
  }

  /** The algorithm whose {@code alg} value is exactly {@code name}, or {@code null}. */
  static @Nullable SignatureAlgorithm fromJwsName(String name) {
    for (SignatureAlgorithm a : values()) {
      if (a.jwsName.equals(name)) {
        return a;
      }
    }
    return null;
  }
}
