package dev.dzauth.token;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one check of a JWS protected header, for every JWT this library verifies ({@code dz_} tokens,
 * Status List Tokens): {@code alg} on the allow-list; none of {@code jku}, {@code x5u}, {@code
 * jwk}, {@code x5c}, {@code x5t}, {@code crit} and the other refused parameters; {@code typ} the
 * expected media type (with or without {@code application/}, case-insensitive, RFC 7515 §4.1.9);
 * {@code kid} naming a key of the key set whose algorithm is {@code alg}.
 */
final class JwsHeaders {

  private static final Set<String> FORBIDDEN_HEADERS =
      Set.of(
          "jku", "x5u", "jwk", "x5c", "x5t", "x5t#S256", "crit", "b64", "zip", "enc", "p2c", "p2s");

  private JwsHeaders() {}

  /**
   * Checks {@code header} and returns the key its signature is to be checked with.
   *
   * @throws DzAuthException with {@link Reason#ALGORITHM_NOT_ALLOWED}, {@link
   *     Reason#UNSUPPORTED_HEADER}, {@link Reason#WRONG_TYPE} or {@link Reason#UNKNOWN_KEY}
   */
  static TokenKey check(
      Map<String, Object> header, Set<SignatureAlgorithm> allowed, String type, KeySet keys) {
    Object alg = header.get("alg");
    SignatureAlgorithm algorithm =
        alg instanceof String s ? SignatureAlgorithm.fromJwsName(s) : null;
    if (algorithm == null || !allowed.contains(algorithm)) {
      throw DzAuthException.of(
          Reason.ALGORITHM_NOT_ALLOWED, "alg " + printable(alg) + " is not allowed");
    }
    for (String name : header.keySet()) {
      if (FORBIDDEN_HEADERS.contains(name)) {
        throw DzAuthException.of(
            Reason.UNSUPPORTED_HEADER, "header parameter " + name + " is refused");
      }
    }
    Object typ = header.get("typ");
    if (!(typ instanceof String t) || !isType(t, type)) {
      throw DzAuthException.of(Reason.WRONG_TYPE, "typ " + printable(typ) + " is not " + type);
    }
    Object kid = header.get("kid");
    TokenKey key = kid instanceof String k ? keys.key(k) : null;
    if (key == null) {
      throw DzAuthException.of(
          Reason.UNKNOWN_KEY, "kid " + printable(kid) + " names no key in service");
    }
    if (key.algorithm() != algorithm) {
      throw DzAuthException.of(
          Reason.ALGORITHM_NOT_ALLOWED,
          "alg "
              + algorithm.jwsName()
              + " does not match key "
              + key.id()
              + " ("
              + key.algorithm().jwsName()
              + ")");
    }
    return key;
  }

  private static boolean isType(String typ, String expected) {
    String t = typ.toLowerCase(Locale.ROOT);
    return t.equals(expected) || t.equals("application/" + expected);
  }

  /** A header or claim value for a log message: quoted, at most 40 characters, printable ASCII. */
  static String printable(@Nullable Object value) {
    if (value == null) {
      return "(absent)";
    }
    String s = String.valueOf(value);
    s = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return "'" + s.replaceAll("[^\\x20-\\x7E]", "?") + "'";
  }
}
