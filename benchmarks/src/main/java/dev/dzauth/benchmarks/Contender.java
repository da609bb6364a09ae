package dev.dzauth.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenVerifier;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Date;
import javax.crypto.Mac;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The verifiers compared, each configured to check what dz-auth checks as far as it can: the
 * signature with the one key, {@code typ} = {@value Fixture#TYPE}, {@code iss}, and the time
 * claims. Competitors get the JWS without the {@code dz_} prefix.
 */
public enum Contender {
  /** dz-auth's {@link TokenVerifier} (status check included). */
  DZ_AUTH(true) {
    @Override
    Check create(Fixture f, boolean cache) {
      TokenVerifier v = f.verifier(cache ? 10_000 : 0);
      return new Check() {
        @Override
        public Object prepare(String dzToken) {
          return dzToken;
        }

        @Override
        public Object verify(Object token) {
          return v.verify((String) token);
        }
      };
    }
  },
  /** Raw Nimbus: {@code SignedJWT.parse}, a JWS verifier and claim checks by hand. */
  NIMBUS(false) {
    @Override
    Check create(Fixture f, boolean cache) throws Exception {
      JWSVerifier verifier =
          switch (f.algorithm) {
            case HS256 -> new MACVerifier((OctetSequenceKey) f.jwk);
            case ES256 -> new ECDSAVerifier(((ECKey) f.jwk).toPublicJWK());
            case RS256 -> new RSASSAVerifier(((RSAKey) f.jwk).toPublicJWK());
            case EdDSA -> throw unsupported(this, f.algorithm);
          };
      JOSEObjectType type = new JOSEObjectType(Fixture.TYPE);
      return token -> {
        SignedJWT jwt = SignedJWT.parse((String) token);
        if (!type.equals(jwt.getHeader().getType()) || !jwt.verify(verifier)) {
          throw new IllegalStateException("rejected");
        }
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        Date now = new Date();
        if (!Fixture.ISSUER.equals(claims.getIssuer())
            || !"api".equals(claims.getStringClaim("token_type"))
            || (claims.getExpirationTime() != null && !claims.getExpirationTime().after(now))
            || (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().after(now))) {
          throw new IllegalStateException("rejected claims");
        }
        return claims;
      };
    }
  },
  /**
   * Spring Security's {@link NimbusJwtDecoder}: Nimbus checks the signature, Spring's validators
   * check the time claims, {@code iss} and {@code typ} (Spring Security 7's way: {@code
   * validateType(false)} and a {@link JwtTypeValidator}).
   */
  SPRING(false) {
    @Override
    Check create(Fixture f, boolean cache) {
      NimbusJwtDecoder decoder =
          switch (f.algorithm) {
            case HS256 -> NimbusJwtDecoder.withSecretKey(f.secretKey()).validateType(false).build();
            case RS256 ->
                NimbusJwtDecoder.withPublicKey((RSAPublicKey) f.publicKey())
                    .validateType(false)
                    .build();
            case ES256 ->
                NimbusJwtDecoder.withJwkSource(
                        new ImmutableJWKSet<>(new JWKSet(f.jwk.toPublicJWK())))
                    .jwsAlgorithm(
                        org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.ES256)
                    .jwtProcessorCustomizer(p -> p.setJWSTypeVerifier((t, c) -> {}))
                    .build();
            case EdDSA -> throw unsupported(this, f.algorithm);
          };
      decoder.setJwtValidator(
          new DelegatingOAuth2TokenValidator<>(
              new JwtTimestampValidator(),
              new JwtIssuerValidator(Fixture.ISSUER),
              new JwtTypeValidator(Fixture.TYPE)));
      return token -> decoder.decode((String) token);
    }
  },
  /** jjwt ({@code io.jsonwebtoken}) with {@code requireIssuer}. */
  JJWT(false) {
    @Override
    Check create(Fixture f, boolean cache) {
      var builder = Jwts.parser().requireIssuer(Fixture.ISSUER);
      if (f.algorithm == SignatureAlgorithm.HS256) {
        builder.verifyWith(f.secretKey());
      } else {
        builder.verifyWith(f.publicKey());
      }
      JwtParser parser = builder.build();
      return token -> {
        Jws<Claims> jws = parser.parseSignedClaims((String) token);
        if (!Fixture.TYPE.equals(jws.getHeader().getType())
            || !"api".equals(jws.getPayload().get("token_type"))) {
          throw new IllegalStateException("rejected");
        }
        return jws;
      };
    }
  },
  /** auth0 {@code java-jwt} with {@code withIssuer}. */
  AUTH0(false) {
    @Override
    Check create(Fixture f, boolean cache) {
      Algorithm alg =
          switch (f.algorithm) {
            case HS256 -> Algorithm.HMAC256(f.secretKey().getEncoded());
            case ES256 -> Algorithm.ECDSA256((ECPublicKey) f.publicKey(), null);
            case RS256 -> Algorithm.RSA256((RSAPublicKey) f.publicKey(), null);
            case EdDSA -> throw unsupported(this, f.algorithm);
          };
      JWTVerifier verifier =
          JWT.require(alg).withIssuer(Fixture.ISSUER).withClaim("token_type", "api").build();
      return token -> {
        DecodedJWT jwt = verifier.verify((String) token);
        if (!Fixture.TYPE.equals(jwt.getType())) {
          throw new IllegalStateException("rejected");
        }
        return jwt;
      };
    }
  },
  /**
   * The floor: a bare JCA {@code Mac} or {@code Signature} over the signing input, with the input
   * bytes and the decoded signature prepared in advance. Nothing is parsed or checked.
   */
  JCA(false) {
    @Override
    Check create(Fixture f, boolean cache) throws Exception {
      String name = f.jcaName();
      if (f.algorithm == SignatureAlgorithm.HS256) {
        Mac mac = Mac.getInstance(name);
        mac.init(f.secretKey());
        return new JcaCheck() {
          @Override
          public Object verify(Object in) {
            byte[][] p = (byte[][]) in;
            return MessageDigest.isEqual(mac.doFinal(p[0]), p[1]) ? Boolean.TRUE : fail();
          }
        };
      }
      java.security.Signature sig = java.security.Signature.getInstance(name);
      java.security.PublicKey pub = f.publicKey();
      return new JcaCheck() {
        @Override
        public Object verify(Object in) throws Exception {
          byte[][] p = (byte[][]) in;
          sig.initVerify(pub);
          sig.update(p[0]);
          return sig.verify(p[1]) ? Boolean.TRUE : fail();
        }
      };
    }
  };

  /** Whether this is dz-auth itself (the others are the competitors and the floor). */
  final boolean ours;

  Contender(boolean ours) {
    this.ours = ours;
  }

  /**
   * A verifier for the fixture's key; {@code cache}: whether dz-auth's verified-token cache is on.
   */
  abstract Check create(Fixture f, boolean cache) throws Exception;

  static UnsupportedOperationException unsupported(Contender c, SignatureAlgorithm a) {
    return new UnsupportedOperationException(c + " does not verify " + a + " with the JDK alone");
  }

  /** One configured verifier. Not thread-safe unless the library is (JCA is not). */
  @FunctionalInterface
  public interface Check {
    /** What {@link #verify} takes for a token, computed outside the measurement. */
    default Object prepare(String dzToken) {
      return Fixture.jwt(dzToken);
    }

    Object verify(Object prepared) throws Exception;
  }

  private abstract static class JcaCheck implements Check {
    @Override
    public Object prepare(String dzToken) {
      String jwt = Fixture.jwt(dzToken);
      int dot = jwt.lastIndexOf('.');
      return new byte[][] {
        jwt.substring(0, dot).getBytes(StandardCharsets.US_ASCII),
        Base64.getUrlDecoder().decode(jwt.substring(dot + 1))
      };
    }

    static Object fail() {
      throw new IllegalStateException("signature does not verify");
    }
  }
}
