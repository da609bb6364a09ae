package dev.dzauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;

/**
 * A JWS compact serialization (RFC 7515 §7.1) split into its three segments, and the signature
 * check over them. It holds no policy: which algorithms, header parameters, types and keys are
 * acceptable is decided by {@link TokenVerifier} before it asks for the signature check. Kept
 * separate so that RFC 7515 example vectors run through the very code that verifies tokens.
 *
 * <p>Failures are {@link DzAuthException}s; their messages never contain the input.
 */
final class JwsCompact {

  private final String text;
  private final int start;
  private final int firstDot;
  private final int secondDot;

  private JwsCompact(String text, int start, int firstDot, int secondDot) {
    this.text = text;
    this.start = start;
    this.firstDot = firstDot;
    this.secondDot = secondDot;
  }

  /**
   * Splits {@code text} from index {@code start} on: exactly three non-empty segments of base64url
   * characters (no padding, no whitespace).
   *
   * @throws DzAuthException with {@link Reason#MALFORMED} otherwise
   */
  static JwsCompact parse(String text, int start) {
    int firstDot = -1;
    int secondDot = -1;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.') {
        if (firstDot < 0) {
          firstDot = i;
        } else if (secondDot < 0) {
          secondDot = i;
        } else {
          throw DzAuthException.of(Reason.MALFORMED, "token has more than three segments");
        }
      } else if (!isBase64Url(c)) {
        throw DzAuthException.of(Reason.MALFORMED, "token has a character outside base64url");
      }
    }
    if (secondDot < 0 || firstDot == start || secondDot == firstDot + 1
        || secondDot == text.length() - 1) {
      throw DzAuthException.of(Reason.MALFORMED, "token is not three non-empty segments");
    }
    return new JwsCompact(text, start, firstDot, secondDot);
  }

  /** The protected header as a JSON object. */
  Map<String, Object> header() {
    return parseJson(headerSegment(), "header");
  }

  /** The payload as a JSON object (a JWT claims set). */
  Map<String, Object> payload() {
    return parseJson(new Base64URL(text.substring(firstDot + 1, secondDot)), "payload");
  }

  /**
   * Checks the signature with {@code key}, whose algorithm must be the header's {@code alg}.
   *
   * @param header the parsed {@link #header()}
   * @throws DzAuthException with {@link Reason#ALGORITHM_NOT_ALLOWED} when {@code alg} is not the
   *     key's algorithm, {@link Reason#BAD_SIGNATURE} when the signature does not verify
   */
  void verifySignature(TokenKey key, Map<String, Object> header) {
    if (!key.algorithm().jwsName().equals(header.get("alg"))) {
      throw DzAuthException.of(
          Reason.ALGORITHM_NOT_ALLOWED, "alg does not match key " + key.id());
    }
    JWSHeader parsed;
    try {
      parsed = JWSHeader.parse(header, headerSegment());
    } catch (ParseException e) {
      throw DzAuthException.of(Reason.MALFORMED, "header is not a JWS header: " + e.getMessage());
    }
    byte[] signingInput = text.substring(start, secondDot).getBytes(StandardCharsets.US_ASCII);
    Base64URL signature = new Base64URL(text.substring(secondDot + 1));
    boolean valid;
    try {
      valid = key.verifier().verify(parsed, signingInput, signature);
    } catch (JOSEException | RuntimeException e) {
      valid = false;
    }
    if (!valid) {
      throw DzAuthException.of(Reason.BAD_SIGNATURE, "signature does not verify with kid " + key.id());
    }
  }

  private Base64URL headerSegment() {
    return new Base64URL(text.substring(start, firstDot));
  }

  private static Map<String, Object> parseJson(Base64URL part, String what) {
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(part.decodeToString());
    } catch (ParseException | RuntimeException | StackOverflowError e) {
      json = null;
    }
    // Nimbus answers null, not an exception, for a blank segment (" ", "\t"): found by fuzzing.
    if (json == null) {
      throw DzAuthException.of(Reason.MALFORMED, what + " is not a JSON object");
    }
    return json;
  }

  private static boolean isBase64Url(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_';
  }
}
