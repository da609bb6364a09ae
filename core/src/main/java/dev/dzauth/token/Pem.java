package dev.dzauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the PEM blocks {@code openssl} writes: PKCS#8 {@code PRIVATE KEY}, X.509 {@code PUBLIC
 * KEY}.
 */
final class Pem {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private Pem() {}

  static TokenKey parse(@Nullable String kid, String pem) {
    byte[] privateDer = null;
    byte[] publicDer = null;
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      switch (type) {
        case "PRIVATE KEY" -> privateDer = der;
        case "PUBLIC KEY" -> publicDer = der;
        case "EC PRIVATE KEY", "RSA PRIVATE KEY" ->
            throw new IllegalArgumentException(
                "PEM block '"
                    + type
                    + "' is not PKCS#8; convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in key.pem'");
        case "ENCRYPTED PRIVATE KEY" ->
            throw new IllegalArgumentException("encrypted PEM keys are not supported");
        default -> {
          // certificates and parameters are ignored
        }
      }
    }
    if (privateDer == null && publicDer == null) {
      throw new IllegalArgumentException("no PRIVATE KEY or PUBLIC KEY block in the PEM text");
    }
    try {
      JWK jwk = toJwk(privateDer, publicDer);
      String id = kid != null ? kid : jwk.computeThumbprint().toString();
      JWK named = JWK.parse(withKid(jwk, id));
      return TokenKey.fromJwk(TokenKey.withUseAndAlg(named, inferred(named)), null);
    } catch (GeneralSecurityException | JOSEException | java.text.ParseException e) {
      throw new IllegalArgumentException("unusable PEM key: " + e.getMessage(), e);
    }
  }

  private static java.util.Map<String, Object> withKid(JWK jwk, String kid) {
    var json = jwk.toJSONObject();
    json.put("kid", kid);
    return json;
  }

  private static SignatureAlgorithm inferred(JWK jwk) {
    if (jwk instanceof ECKey) {
      return SignatureAlgorithm.ES256;
    }
    if (jwk instanceof OctetKeyPair) {
      return SignatureAlgorithm.EdDSA;
    }
    return SignatureAlgorithm.RS256;
  }

  private static JWK toJwk(byte @Nullable [] privateDer, byte @Nullable [] publicDer)
      throws GeneralSecurityException {
    byte[] der = privateDer != null ? privateDer : Objects.requireNonNull(publicDer, "publicDer");
    String algorithm = keyAlgorithm(der);
    KeyFactory factory = KeyFactory.getInstance(algorithm);
    PrivateKey privateKey =
        privateDer == null ? null : factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer));
    PublicKey publicKey =
        publicDer == null ? null : factory.generatePublic(new X509EncodedKeySpec(publicDer));
    if (publicKey == null && privateKey instanceof RSAPrivateCrtKey crt) {
      publicKey =
          factory.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    }
    if (publicKey == null) {
      throw new IllegalArgumentException(
          "a "
              + algorithm
              + " PRIVATE KEY needs its PUBLIC KEY block beside it "
              + "(append the output of 'openssl pkey -in key.pem -pubout')");
    }
    switch (algorithm) {
      case "EC" -> {
        ECKey.Builder b = new ECKey.Builder(Curve.P_256, (ECPublicKey) publicKey);
        if (privateKey != null) {
          b.privateKey((ECPrivateKey) privateKey);
        }
        return b.build();
      }
      case "RSA" -> {
        RSAKey.Builder b = new RSAKey.Builder((RSAPublicKey) publicKey);
        if (privateKey != null) {
          b.privateKey((RSAPrivateKey) privateKey);
        }
        return b.build();
      }
      default -> {
        byte[] x = Jose.ed25519Raw(publicKey.getEncoded(), Jose.ED25519_SPKI_PREFIX);
        OctetKeyPair.Builder b = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x));
        if (privateKey != null) {
          b.d(
              Base64URL.encode(
                  Jose.ed25519Raw(privateKey.getEncoded(), Jose.ED25519_PKCS8_PREFIX)));
        }
        return b.build();
      }
    }
  }

  /** The JCA algorithm of a PKCS#8 or SPKI encoding, from the OID it carries. */
  private static String keyAlgorithm(byte[] der) {
    if (contains(
        der, new byte[] {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01})) {
      if (!contains(
          der,
          new byte[] {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07})) {
        throw new IllegalArgumentException("only EC keys on P-256 are supported (ES256)");
      }
      return "EC";
    }
    if (contains(der, new byte[] {0x06, 0x03, 0x2b, 0x65, 0x70})) {
      return "Ed25519";
    }
    if (contains(
        der,
        new byte[] {
          0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01
        })) {
      return "RSA";
    }
    throw new IllegalArgumentException("unsupported key type (supported: EC P-256, Ed25519, RSA)");
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length && i < 64; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
