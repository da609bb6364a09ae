package dev.dzauth.testing;

import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenFormat;
import dev.dzauth.token.TokenKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The hardening attack corpus: crafted {@code dz_} token strings, each refused for one reason,
 * shared by core's table test ({@code AttackCorpusTests}, reason by reason) and the HTTP table test
 * of the servlet module (401 each, over a socket). Every token is correct except for the one thing
 * the case names: its {@code jti} is reported to {@code activeJtis} so the status store can answer
 * active, and the attack is the only reason left to refuse it.
 *
 * <p>The verifier under test trusts {@code hs} (HS256, the configured and active key) and {@code
 * es} (ES256) for issuer {@code issuer}, at time {@code now}.
 */
public final class AttackCorpus {

  /** A case: a name, the token (everything after {@code Bearer }) and the reason it is refused. */
  public record Case(String name, String token, Reason reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  private AttackCorpus() {}

  /** A fresh valid token of {@code issuer} signed by {@code key}, its jti reported active. */
  public static String valid(
      String issuer, TokenKey key, Instant now, Consumer<String> activeJtis) {
    return Tokens.sign(key, Tokens.header(key), claims(issuer, now, activeJtis));
  }

  private static Map<String, Object> claims(
      String issuer, Instant now, Consumer<String> activeJtis) {
    Map<String, Object> c = Tokens.claims(issuer, now, Duration.ofHours(1));
    activeJtis.accept((String) c.get("jti"));
    return c;
  }

  /** Every crafted case; none of them may verify. */
  public static List<Case> cases(
      String issuer, TokenKey hs, TokenKey es, Instant now, Consumer<String> activeJtis) {
    List<Case> out = new ArrayList<>();
    String good = valid(issuer, hs, now, activeJtis);
    String[] seg = Tokens.segments(good);
    String p = TokenFormat.PREFIX;

    // Shape and encoding.
    out.add(new Case("dz_dz_ double prefix", p + good, Reason.MALFORMED));
    out.add(new Case("DZ_ prefix", "DZ_" + Tokens.jws(good), Reason.MALFORMED));
    out.add(new Case("no dz_ prefix (a plain JWT)", Tokens.jws(good), Reason.MALFORMED));
    out.add(new Case("two segments", p + seg[0] + "." + seg[1], Reason.MALFORMED));
    out.add(new Case("four segments", good + "." + seg[2], Reason.MALFORMED));
    out.add(
        new Case(
            "empty signature (unsecured JWS)", p + seg[0] + "." + seg[1] + ".", Reason.MALFORMED));
    out.add(new Case("empty header", p + "." + seg[1] + "." + seg[2], Reason.MALFORMED));
    out.add(new Case("padding in signature", good + "==", Reason.MALFORMED));
    out.add(
        new Case(
            "standard base64 '+' '/' in segment",
            p + seg[0] + "+/." + seg[1] + "." + seg[2],
            Reason.MALFORMED));
    out.add(
        new Case(
            "NUL inside the token",
            good.substring(0, 20) + "\u0000" + good.substring(20),
            Reason.MALFORMED));
    out.add(
        new Case(
            "non-ASCII inside the token",
            good.substring(0, 20) + "é" + good.substring(20),
            Reason.MALFORMED));
    out.add(
        new Case(
            "header is a JSON array",
            p + Tokens.b64("[1]") + "." + seg[1] + "." + seg[2],
            Reason.MALFORMED));
    out.add(
        new Case(
            "header is truncated JSON",
            p + Tokens.b64("{\"alg\":") + "." + seg[1] + "." + seg[2],
            Reason.MALFORMED));
    out.add(
        new Case(
            "header is invalid UTF-8",
            p
                + Tokens.b64(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF})
                + "."
                + seg[1]
                + "."
                + seg[2],
            Reason.MALFORMED));
    out.add(
        new Case(
            "longer than 4096 characters",
            longToken(issuer, hs, now, activeJtis),
            Reason.MALFORMED));
    out.add(
        new Case(
            "10,000-deep JSON payload",
            Tokens.signRaw(
                hs, Tokens.json(Tokens.header(hs)), "[".repeat(10_000) + "]".repeat(10_000)),
            Reason.MALFORMED));
    out.add(
        new Case(
            "1,390-deep JSON payload within the length bound",
            Tokens.signRaw(
                hs,
                Tokens.json(Tokens.header(hs)),
                "{\"a\":" + "[".repeat(1_390) + "]".repeat(1_390) + "}"),
            Reason.MALFORMED));
    out.add(
        new Case(
            "5-part JWE with a huge p2c",
            p
                + Tokens.b64(
                    "{\"alg\":\"PBES2-HS512+A256KW\",\"enc\":\"A256GCM\",\"p2c\":2147483647,\"p2s\":\"c2FsdA\",\"kid\":\""
                        + hs.id()
                        + "\"}")
                + ".AAAA.AAAA.AAAA.AAAA",
            Reason.MALFORMED));

    // Header policy.
    out.add(
        new Case(
            "alg none",
            Tokens.unsigned(header(hs, "alg", "none"), claims(issuer, now, activeJtis))
                .concat("AAAA"),
            Reason.ALGORITHM_NOT_ALLOWED));
    out.add(
        new Case(
            "alg NoNe",
            Tokens.sign(hs, header(hs, "alg", "NoNe"), claims(issuer, now, activeJtis)),
            Reason.ALGORITHM_NOT_ALLOWED));
    out.add(
        new Case(
            "HS512 when HS256 is configured",
            Tokens.hmac(
                "HmacSHA512",
                secret(hs),
                header(hs, "alg", "HS512"),
                claims(issuer, now, activeJtis)),
            Reason.ALGORITHM_NOT_ALLOWED));
    out.add(
        new Case(
            "HS256 header on the ES256 kid (key confusion)",
            Tokens.hmac(
                "HmacSHA256",
                "the public key, as an HMAC secret".getBytes(StandardCharsets.UTF_8),
                header(es, "alg", "HS256"),
                claims(issuer, now, activeJtis)),
            Reason.ALGORITHM_NOT_ALLOWED));
    out.add(
        new Case(
            "ES256 header on the HS256 kid",
            Tokens.sign(es, header(hs, "alg", "ES256"), claims(issuer, now, activeJtis)),
            Reason.ALGORITHM_NOT_ALLOWED));
    for (String refused : List.of("jku", "x5u")) {
      out.add(
          new Case(
              refused + " header",
              Tokens.sign(
                  hs,
                  header(hs, refused, "http://127.0.0.1:9/keys"),
                  claims(issuer, now, activeJtis)),
              Reason.UNSUPPORTED_HEADER));
    }
    out.add(
        new Case(
            "embedded jwk header",
            Tokens.sign(
                hs,
                header(hs, "jwk", Map.of("kty", "oct", "k", "AAAA")),
                claims(issuer, now, activeJtis)),
            Reason.UNSUPPORTED_HEADER));
    out.add(
        new Case(
            "x5c header",
            Tokens.sign(hs, header(hs, "x5c", List.of("MIIB")), claims(issuer, now, activeJtis)),
            Reason.UNSUPPORTED_HEADER));
    out.add(
        new Case(
            "crit header",
            Tokens.sign(hs, header(hs, "crit", List.of("exp")), claims(issuer, now, activeJtis)),
            Reason.UNSUPPORTED_HEADER));
    out.add(
        new Case(
            "zip header",
            Tokens.sign(hs, header(hs, "zip", "DEF"), claims(issuer, now, activeJtis)),
            Reason.UNSUPPORTED_HEADER));
    out.add(
        new Case(
            "OIDC-style typ JWT signed by our key",
            Tokens.sign(hs, header(hs, "typ", "JWT"), claims(issuer, now, activeJtis)),
            Reason.WRONG_TYPE));
    out.add(
        new Case(
            "typ at+jwt (an OAuth access token) signed by our key",
            Tokens.sign(es, header(es, "typ", "at+jwt"), claims(issuer, now, activeJtis)),
            Reason.WRONG_TYPE));
    Map<String, Object> noTyp = Tokens.header(hs);
    noTyp.remove("typ");
    out.add(
        new Case(
            "no typ", Tokens.sign(hs, noTyp, claims(issuer, now, activeJtis)), Reason.WRONG_TYPE));
    out.add(
        new Case(
            "unknown kid",
            Tokens.sign(hs, header(hs, "kid", "nobody"), claims(issuer, now, activeJtis)),
            Reason.UNKNOWN_KEY));
    Map<String, Object> noKid = Tokens.header(hs);
    noKid.remove("kid");
    out.add(
        new Case(
            "no kid", Tokens.sign(hs, noKid, claims(issuer, now, activeJtis)), Reason.UNKNOWN_KEY));

    // Signature.
    Map<String, Object> tampered = Tokens.payload(good);
    tampered.put("sub", "admin");
    out.add(
        new Case(
            "payload changed after signing",
            p + seg[0] + "." + Tokens.b64(Tokens.json(tampered)) + "." + seg[2],
            Reason.BAD_SIGNATURE));
    out.add(
        new Case(
            "signed with another HS256 secret",
            Tokens.sign(
                TokenKey.generate(SignatureAlgorithm.HS256, hs.id()),
                Tokens.header(hs),
                claims(issuer, now, activeJtis)),
            Reason.BAD_SIGNATURE));
    out.add(
        new Case(
            "signature of another token",
            p
                + seg[0]
                + "."
                + seg[1]
                + "."
                + Tokens.segments(valid(issuer, hs, now, activeJtis))[2],
            Reason.BAD_SIGNATURE));

    // Claims and time.
    out.add(
        new Case(
            "other issuer",
            Tokens.sign(
                hs,
                Tokens.header(hs),
                claim(issuer, now, activeJtis, "iss", "https://evil.example")),
            Reason.WRONG_ISSUER));
    out.add(
        new Case(
            "token_type id",
            Tokens.sign(
                hs,
                Tokens.header(hs),
                claim(issuer, now, activeJtis, TokenFormat.CLAIM_TOKEN_TYPE, "id")),
            Reason.WRONG_TYPE));
    out.add(
        new Case(
            "no sub",
            Tokens.sign(hs, Tokens.header(hs), claim(issuer, now, activeJtis, "sub", null)),
            Reason.INVALID_CLAIMS));
    out.add(
        new Case(
            "no business",
            Tokens.sign(
                hs,
                Tokens.header(hs),
                claim(issuer, now, activeJtis, TokenFormat.CLAIM_BUSINESS_ID, null)),
            Reason.INVALID_CLAIMS));
    out.add(
        new Case(
            "exp as a string",
            Tokens.sign(hs, Tokens.header(hs), claim(issuer, now, activeJtis, "exp", "soon")),
            Reason.INVALID_CLAIMS));
    out.add(
        new Case(
            "expired an hour ago",
            Tokens.sign(
                hs,
                Tokens.header(hs),
                claim(
                    issuer,
                    now,
                    activeJtis,
                    "exp",
                    now.minus(Duration.ofHours(1)).getEpochSecond())),
            Reason.EXPIRED));
    out.add(
        new Case(
            "nbf in an hour",
            Tokens.sign(
                hs,
                Tokens.header(hs),
                claim(
                    issuer,
                    now,
                    activeJtis,
                    "nbf",
                    now.plus(Duration.ofHours(1)).getEpochSecond())),
            Reason.NOT_YET_VALID));
    out.add(
        new Case(
            "unknown jti (never minted)",
            Tokens.sign(hs, Tokens.header(hs), Tokens.claims(issuer, now, Duration.ofHours(1))),
            Reason.UNKNOWN_TOKEN));
    return out;
  }

  private static Map<String, Object> header(TokenKey key, String name, Object value) {
    Map<String, Object> h = Tokens.header(key);
    h.put(name, value);
    return h;
  }

  private static Map<String, Object> claim(
      String issuer, Instant now, Consumer<String> activeJtis, String name, Object value) {
    Map<String, Object> c = claims(issuer, now, activeJtis);
    if (value == null) {
      c.remove(name);
    } else {
      c.put(name, value);
    }
    return c;
  }

  /** The secret of an HMAC key, from its JWK. */
  public static byte[] secret(TokenKey hmac) {
    try {
      String k = (String) com.nimbusds.jose.util.JSONObjectUtils.parse(hmac.toJwkJson()).get("k");
      return java.util.Base64.getUrlDecoder().decode(k);
    } catch (java.text.ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String longToken(
      String issuer, TokenKey key, Instant now, Consumer<String> activeJtis) {
    Map<String, Object> c = claims(issuer, now, activeJtis);
    c.put("pad", "x".repeat(3_200));
    return Tokens.sign(key, Tokens.header(key), c);
  }
}
