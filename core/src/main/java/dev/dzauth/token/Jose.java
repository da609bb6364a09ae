package dev.dzauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The one place where Nimbus signers and verifiers are made from keys. */
final class Jose {

  /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), followed by the 32-byte key. */
  static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  /** DER prefix of an Ed25519 PKCS#8 v1 private key (RFC 8410), followed by the 32-byte seed. */
  static final byte[] ED25519_PKCS8_PREFIX = {
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
  };

  private Jose() {}

  static JWSAlgorithm jwsAlgorithm(SignatureAlgorithm algorithm) {
    return JWSAlgorithm.parse(algorithm.jwsName());
  }

  static @Nullable JWSSigner signer(JWK jwk, SignatureAlgorithm algorithm) throws JOSEException {
    if (!jwk.isPrivate()) {
      return null;
    }
    return switch (algorithm) {
      case HS256 -> new MACSigner((OctetSequenceKey) jwk);
      case ES256 -> new ECDSASigner((ECKey) jwk);
      case RS256 -> new RSASSASigner((RSAKey) jwk);
      case EdDSA -> new Ed25519Signer(ed25519Private((OctetKeyPair) jwk));
    };
  }

  static JWSVerifier verifier(JWK jwk, SignatureAlgorithm algorithm) throws JOSEException {
    return switch (algorithm) {
      case HS256 -> new MACVerifier((OctetSequenceKey) jwk);
      case ES256 -> new ECDSAVerifier(((ECKey) jwk).toPublicJWK());
      case RS256 -> new RSASSAVerifier(((RSAKey) jwk).toPublicJWK());
      case EdDSA -> new Ed25519Verifier(ed25519Public((OctetKeyPair) jwk));
    };
  }

  static PublicKey ed25519Public(OctetKeyPair okp) throws JOSEException {
    return ed25519Public(okp.getX().decode());
  }

  static PublicKey ed25519Public(byte[] raw) throws JOSEException {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(concat(ED25519_SPKI_PREFIX, raw)));
    } catch (GeneralSecurityException e) {
      throw new JOSEException("invalid Ed25519 public key", e);
    }
  }

  static PrivateKey ed25519Private(OctetKeyPair okp) throws JOSEException {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(
              new PKCS8EncodedKeySpec(concat(ED25519_PKCS8_PREFIX, okp.getD().decode())));
    } catch (GeneralSecurityException e) {
      throw new JOSEException("invalid Ed25519 private key", e);
    }
  }

  /** The raw 32 bytes at the end of a DER encoding with a fixed Ed25519 prefix. */
  static byte[] ed25519Raw(byte[] der, byte[] prefix) {
    if (der.length < prefix.length + 32
        || !Arrays.equals(der, 0, prefix.length, prefix, 0, prefix.length)) {
      throw new IllegalArgumentException("not an Ed25519 key encoding");
    }
    return Arrays.copyOfRange(der, prefix.length, prefix.length + 32);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** EdDSA (Ed25519) through the JDK's own provider, so no extra crypto library is needed. */
  private static final class Ed25519Signer implements JWSSigner {
    private final PrivateKey key;
    private final JCAContext context = new JCAContext();

    Ed25519Signer(PrivateKey key) {
      this.key = key;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(signingInput);
        return Base64URL.encode(s.sign());
      } catch (GeneralSecurityException e) {
        throw new JOSEException("Ed25519 signing failed", e);
      }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
      return context;
    }
  }

  private static final class Ed25519Verifier implements JWSVerifier {
    private final PublicKey key;
    private final JCAContext context = new JCAContext();

    Ed25519Verifier(PublicKey key) {
      this.key = key;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signedContent, Base64URL signature)
        throws JOSEException {
      byte[] sig = signature.decode();
      if (sig.length != 64) {
        return false;
      }
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(signedContent);
        return s.verify(sig);
      } catch (GeneralSecurityException e) {
        return false;
      }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
      return context;
    }
  }
}
