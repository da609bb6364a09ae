package dev.dzauth.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.dzauth.token.TokenFormat;
import dev.dzauth.token.TokenKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Crafts {@code dz_} tokens the minter would never make: any header, any claims, signed with any
 * key or secret. Headers and claims are plain mutable maps, so a test changes exactly one thing.
 */
public final class Tokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {}

  /** A valid header for {@code key}: {@code alg}, {@code typ} and {@code kid}. Mutable. */
  public static Map<String, Object> header(TokenKey key) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("alg", key.algorithm().jwsName());
    h.put("typ", TokenFormat.TYPE);
    h.put("kid", key.id());
    return h;
  }

  /**
   * A valid claims set of {@code issuer}, issued at {@code now} for {@code lifetime}, with a fresh
   * random {@code jti}, subject {@code user-1}, business {@code biz-1} and scope {@code read}.
   * Mutable.
   */
  public static Map<String, Object> claims(String issuer, Instant now, Duration lifetime) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", issuer);
    c.put("sub", "user-1");
    c.put("jti", UUID.randomUUID().toString());
    c.put("iat", now.getEpochSecond());
    c.put("nbf", now.getEpochSecond());
    c.put("exp", now.plus(lifetime).getEpochSecond());
    c.put(TokenFormat.CLAIM_BUSINESS_ID, "biz-1");
    c.put(TokenFormat.CLAIM_SCOPE, "read");
    c.put(TokenFormat.CLAIM_TOKEN_TYPE, TokenFormat.TOKEN_TYPE_API);
    return c;
  }

  /** {@code dz_} and the JWS of {@code header} and {@code claims}, signed with {@code key}. */
  public static String sign(TokenKey key, Map<String, ?> header, Map<String, ?> claims) {
    return signRaw(key, json(header), json(claims));
  }

  /** As {@link #sign}, from JSON text as is (duplicate members, odd spacing, deep nesting…). */
  public static String signRaw(TokenKey key, String headerJson, String payloadJson) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    return TokenFormat.PREFIX + input + "." + B64.encodeToString(signature(key, input));
  }

  /**
   * {@code dz_} and a JWS whose signature is an HMAC ({@code HmacSHA256}, {@code HmacSHA512}…) with
   * {@code secret} of any length, whatever the header says.
   */
  public static String hmac(
      String jcaAlgorithm, byte[] secret, Map<String, ?> header, Map<String, ?> claims) {
    String input = b64(json(header)) + "." + b64(json(claims));
    try {
      Mac mac = Mac.getInstance(jcaAlgorithm);
      mac.init(new SecretKeySpec(secret, jcaAlgorithm));
      byte[] sig = mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
      return TokenFormat.PREFIX + input + "." + B64.encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code dz_} and {@code header.claims.} with an empty signature segment (an unsecured JWS). */
  public static String unsigned(Map<String, ?> header, Map<String, ?> claims) {
    return TokenFormat.PREFIX + b64(json(header)) + "." + b64(json(claims)) + ".";
  }

  /** The JWS of a {@code dz_} token: everything after the prefix. */
  public static String jws(String token) {
    if (!token.startsWith(TokenFormat.PREFIX)) {
      throw new IllegalArgumentException("not a dz_ token");
    }
    return token.substring(TokenFormat.PREFIX.length());
  }

  /** The segments of a {@code dz_} token's JWS, split on every dot. */
  public static String[] segments(String token) {
    return jws(token).split("\\.", -1);
  }

  /** The decoded payload of a {@code dz_} token as a mutable map. */
  public static Map<String, Object> payload(String token) {
    try {
      byte[] json = Base64.getUrlDecoder().decode(segments(token)[1]);
      return new LinkedHashMap<>(JSONObjectUtils.parse(new String(json, StandardCharsets.UTF_8)));
    } catch (ParseException e) {
      throw new IllegalArgumentException("payload is not JSON", e);
    }
  }

  /** Compact JSON of {@code map}. */
  public static String json(Map<String, ?> map) {
    return JSONObjectUtils.toJSONString(map);
  }

  /** Unpadded base64url of the UTF-8 bytes of {@code text}. */
  public static String b64(String text) {
    return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Unpadded base64url of {@code bytes}. */
  public static String b64(byte[] bytes) {
    return B64.encodeToString(bytes);
  }

  private static byte[] signature(TokenKey key, String input) {
    byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
    try {
      JWK jwk = JWK.parse(key.toJwkJson());
      if (jwk instanceof OctetKeyPair okp) {
        return ed25519(okp, bytes);
      }
      JWSSigner signer;
      if (jwk instanceof OctetSequenceKey oct) {
        signer = new MACSigner(oct);
      } else if (jwk instanceof ECKey ec) {
        signer = new ECDSASigner(ec);
      } else {
        signer = new RSASSASigner((RSAKey) jwk);
      }
      JWSHeader header = new JWSHeader(JWSAlgorithm.parse(key.algorithm().jwsName()));
      return signer.sign(header, bytes).decode();
    } catch (ParseException | JOSEException e) {
      throw new IllegalArgumentException("cannot sign with " + key + " (no private material?)", e);
    }
  }

  private static byte[] ed25519(OctetKeyPair okp, byte[] input) {
    byte[] prefix = {
      0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
    };
    byte[] seed = okp.getD().decode();
    byte[] der = Arrays.copyOf(prefix, prefix.length + seed.length);
    System.arraycopy(seed, 0, der, prefix.length, seed.length);
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der)));
      s.update(input);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
