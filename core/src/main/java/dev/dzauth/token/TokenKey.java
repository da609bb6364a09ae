package dev.dzauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * One signing or verification key, named by its {@code kid} and bound to one {@link
 * SignatureAlgorithm}. Immutable and thread-safe. A key that {@linkplain #canSign() can sign} holds
 * private material; {@link #toString()} never shows it.
 *
 * <p>Make one with {@link #generate}, {@link #hmac}, {@link #fromPem} or from a JWK Set through
 * {@link KeySet#parseJwkSet}.
 */
public final class TokenKey {

  /** HS256 secrets shorter than this are refused (RFC 7518 §3.2). */
  public static final int MIN_HMAC_SECRET_BYTES = 32;

  /** RSA moduli shorter than this are refused. */
  public static final int MIN_RSA_BITS = 2048;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final SignatureAlgorithm algorithm;
  private final JWK jwk;
  private final @Nullable JWSSigner signer;
  private final JWSVerifier verifier;

  /** The header the Nimbus verifier is handed once the token's own header passed every check. */
  private final JWSHeader verificationHeader;

  /**
   * HS256 only: a per-thread {@code Mac} initialised with the secret ({@code Mac} is not
   * thread-safe).
   */
  private final @Nullable ThreadLocal<Mac> hmac;

  private TokenKey(JWK jwk, SignatureAlgorithm algorithm) {
    String kid = jwk.getKeyID();
    if (kid == null || kid.isBlank()) {
      throw new IllegalArgumentException("a key needs a non-blank kid");
    }
    if (kid.length() > 128) {
      throw new IllegalArgumentException("kid is longer than 128 characters");
    }
    this.id = kid;
    this.algorithm = algorithm;
    this.jwk = jwk;
    try {
      checkStrength(jwk, algorithm);
      this.signer = Jose.signer(jwk, algorithm);
      this.verifier = Jose.verifier(jwk, algorithm);
      this.verificationHeader = new JWSHeader(Jose.jwsAlgorithm(algorithm));
      this.hmac =
          algorithm == SignatureAlgorithm.HS256 ? hmacPerThread((OctetSequenceKey) jwk) : null;
    } catch (JOSEException | ClassCastException e) {
      throw new IllegalArgumentException(
          "key " + kid + " cannot be used for " + algorithm + ": " + e.getMessage(), e);
    }
  }

  /** Wraps a Nimbus JWK; the JWK's {@code alg} decides the algorithm when present. */
  static TokenKey fromJwk(JWK jwk, @Nullable SignatureAlgorithm fallback) {
    SignatureAlgorithm algorithm = fallback;
    if (jwk.getAlgorithm() != null) {
      algorithm = SignatureAlgorithm.fromJwsName(jwk.getAlgorithm().getName());
      if (algorithm == null) {
        throw new IllegalArgumentException(
            "key "
                + jwk.getKeyID()
                + ": unsupported alg "
                + jwk.getAlgorithm().getName()
                + " (supported: HS256, ES256, EdDSA, RS256)");
      }
    }
    if (algorithm == null) {
      algorithm = inferAlgorithm(jwk);
    }
    return new TokenKey(jwk, algorithm);
  }

  private static SignatureAlgorithm inferAlgorithm(JWK jwk) {
    if (jwk instanceof OctetSequenceKey) {
      return SignatureAlgorithm.HS256;
    } else if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
      return SignatureAlgorithm.ES256;
    } else if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
      return SignatureAlgorithm.EdDSA;
    } else if (jwk instanceof RSAKey) {
      return SignatureAlgorithm.RS256;
    }
    throw new IllegalArgumentException(
        "key "
            + jwk.getKeyID()
            + ": unsupported key type "
            + jwk.getKeyType()
            + " (supported: oct/HS256, EC P-256/ES256, OKP Ed25519/EdDSA, RSA/RS256)");
  }

  private static void checkStrength(JWK jwk, SignatureAlgorithm algorithm) {
    switch (algorithm) {
      case HS256 -> {
        if (((OctetSequenceKey) jwk).toByteArray().length < MIN_HMAC_SECRET_BYTES) {
          throw new IllegalArgumentException(
              "key " + jwk.getKeyID() + ": an HS256 secret needs at least 256 bits");
        }
      }
      case ES256 -> {
        if (!Curve.P_256.equals(((ECKey) jwk).getCurve())) {
          throw new IllegalArgumentException("key " + jwk.getKeyID() + ": ES256 needs curve P-256");
        }
      }
      case EdDSA -> {
        if (!Curve.Ed25519.equals(((OctetKeyPair) jwk).getCurve())) {
          throw new IllegalArgumentException("key " + jwk.getKeyID() + ": EdDSA needs Ed25519");
        }
      }
      case RS256 -> {
        if (((RSAKey) jwk).size() < MIN_RSA_BITS) {
          throw new IllegalArgumentException(
              "key " + jwk.getKeyID() + ": RS256 needs at least " + MIN_RSA_BITS + " bits");
        }
      }
    }
  }

  /**
   * Generates a fresh key for {@code algorithm} from a secure random source.
   *
   * @param algorithm what the key signs with
   * @param kid the key id tokens will carry in their header
   */
  public static TokenKey generate(SignatureAlgorithm algorithm, String kid) {
    Objects.requireNonNull(kid, "kid");
    try {
      JWK jwk =
          switch (algorithm) {
            case HS256 -> {
              byte[] secret = new byte[MIN_HMAC_SECRET_BYTES];
              RANDOM.nextBytes(secret);
              yield new OctetSequenceKey.Builder(secret).keyID(kid).build();
            }
            case ES256 -> {
              KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
              g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
              KeyPair kp = g.generateKeyPair();
              yield new ECKey.Builder(Curve.P_256, (ECPublicKey) kp.getPublic())
                  .privateKey((java.security.interfaces.ECPrivateKey) kp.getPrivate())
                  .keyID(kid)
                  .build();
            }
            case RS256 -> {
              KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
              g.initialize(MIN_RSA_BITS, RANDOM);
              KeyPair kp = g.generateKeyPair();
              yield new RSAKey.Builder((RSAPublicKey) kp.getPublic())
                  .privateKey((java.security.interfaces.RSAPrivateKey) kp.getPrivate())
                  .keyID(kid)
                  .build();
            }
            case EdDSA -> {
              KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
              byte[] x = Jose.ed25519Raw(kp.getPublic().getEncoded(), Jose.ED25519_SPKI_PREFIX);
              byte[] d = Jose.ed25519Raw(kp.getPrivate().getEncoded(), Jose.ED25519_PKCS8_PREFIX);
              yield new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x))
                  .d(Base64URL.encode(d))
                  .keyID(kid)
                  .build();
            }
          };
      return new TokenKey(withUseAndAlg(jwk, algorithm), algorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate a " + algorithm + " key", e);
    }
  }

  /** An HS256 key from a shared secret of at least 256 bits (32 bytes). */
  public static TokenKey hmac(String kid, byte[] secret) {
    if (secret.length < MIN_HMAC_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "key " + kid + ": an HS256 secret needs at least 256 bits, got " + secret.length * 8);
    }
    JWK jwk = new OctetSequenceKey.Builder(secret.clone()).keyID(kid).build();
    return new TokenKey(withUseAndAlg(jwk, SignatureAlgorithm.HS256), SignatureAlgorithm.HS256);
  }

  /**
   * A key from PEM text as {@code openssl} writes it: a {@code PRIVATE KEY} block (PKCS#8) with its
   * {@code PUBLIC KEY} block for a signing key, or a {@code PUBLIC KEY} block alone for a
   * verification-only key. The algorithm follows from the key type (P-256: ES256, Ed25519: EdDSA,
   * RSA: RS256).
   *
   * @param kid the key id, or {@code null} for the RFC 7638 thumbprint of the public key
   * @param pem the PEM text
   * @throws IllegalArgumentException if the text holds no usable key
   */
  public static TokenKey fromPem(@Nullable String kid, String pem) {
    return Pem.parse(kid, pem);
  }

  static JWK withUseAndAlg(JWK jwk, SignatureAlgorithm algorithm) {
    try {
      var json = jwk.toJSONObject();
      json.put("use", KeyUse.SIGNATURE.identifier());
      json.put("alg", algorithm.jwsName());
      return JWK.parse(json);
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key id ({@code kid}). */
  public String id() {
    return id;
  }

  /** The one algorithm this key signs and verifies with. */
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /** Whether this key holds the private (or secret) material needed to sign. */
  public boolean canSign() {
    return signer != null;
  }

  /**
   * Whether this key may be published: an asymmetric key's public half. HMAC keys are secret and
   * never published.
   */
  public boolean isPublishable() {
    return algorithm.isAsymmetric();
  }

  /** This key without private material (asymmetric keys only). */
  public TokenKey toPublicKey() {
    if (!algorithm.isAsymmetric()) {
      throw new IllegalStateException("an HS256 key has no public half");
    }
    return signer == null ? this : new TokenKey(jwk.toPublicJWK(), algorithm);
  }

  /** The key as a JWK JSON object, with its private material when it has any. */
  public String toJwkJson() {
    return jwk.toJSONString();
  }

  JWK jwk() {
    return jwk;
  }

  @Nullable JWSSigner signer() {
    return signer;
  }

  JWSVerifier verifier() {
    return verifier;
  }

  JWSHeader verificationHeader() {
    return verificationHeader;
  }

  /**
   * HS256: whether {@code signature} is the HMAC of {@code input[offset, offset + length)},
   * compared in constant time. A per-thread {@code Mac} is reused: {@code Mac.getInstance} on every
   * call (as Nimbus's {@code MACVerifier} does) costs more than the HMAC of a token.
   */
  boolean verifyHmac(byte[] input, int offset, int length, byte[] signature) {
    Mac mac = Objects.requireNonNull(hmac, "not an HS256 key").get();
    mac.update(input, offset, length);
    return MessageDigest.isEqual(mac.doFinal(), signature);
  }

  private static ThreadLocal<Mac> hmacPerThread(OctetSequenceKey jwk) {
    SecretKeySpec secret = new SecretKeySpec(jwk.toByteArray(), "HmacSHA256");
    return ThreadLocal.withInitial(
        () -> {
          try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac;
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no usable HmacSHA256", e);
          }
        });
  }

  /** Two keys are equal when id, algorithm and (public or secret) material are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TokenKey k
        && id.equals(k.id)
        && algorithm == k.algorithm
        && verificationMaterial().equals(k.verificationMaterial());
  }

  private JWK verificationMaterial() {
    return algorithm.isAsymmetric() ? jwk.toPublicJWK() : jwk;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, algorithm);
  }

  @Override
  public String toString() {
    return "TokenKey{kid=" + id + ", alg=" + algorithm.jwsName() + ", canSign=" + canSign() + "}";
  }
}
