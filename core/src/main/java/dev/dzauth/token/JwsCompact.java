package dev.dzauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;
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

  private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

  private final String text;

  /** The text's bytes: every character is base64url or '.', so ISO-8859-1 is its exact encoding. */
  private final byte[] ascii;

  private final int start;
  private final int firstDot;
  private final int secondDot;

  private JwsCompact(String text, int start, int firstDot, int secondDot) {
    this.text = text;
    this.ascii = text.getBytes(StandardCharsets.ISO_8859_1);
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
    if (secondDot < 0
        || firstDot == start
        || secondDot == firstDot + 1
        || secondDot == text.length() - 1) {
      throw DzAuthException.of(Reason.MALFORMED, "token is not three non-empty segments");
    }
    return new JwsCompact(text, start, firstDot, secondDot);
  }

  /** The protected header as a JSON object. */
  Map<String, Object> header() {
    return parseJson(start, firstDot, "header");
  }

  /** The payload as a JSON object (a JWT claims set). */
  Map<String, Object> payload() {
    return parseJson(firstDot + 1, secondDot, "payload");
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
      throw DzAuthException.of(Reason.ALGORITHM_NOT_ALLOWED, "alg does not match key " + key.id());
    }
    boolean valid;
    try {
      if (key.algorithm() == SignatureAlgorithm.HS256) {
        // A per-thread Mac of the key, compared in constant time: Nimbus's MACVerifier would
        // call Mac.getInstance on every verification, which costs more than the HMAC itself.
        valid =
            key.verifyHmac(ascii, start, secondDot - start, decode(secondDot + 1, ascii.length));
      } else {
        // The caller checked the header (alg is the key's, no crit or other refused parameter),
        // so the Nimbus verifier needs nothing from it but the algorithm: a header made once per
        // key.
        valid =
            key.verifier()
                .verify(
                    key.verificationHeader(),
                    Arrays.copyOfRange(ascii, start, secondDot),
                    new Base64URL(text.substring(secondDot + 1)));
      }
    } catch (JOSEException | RuntimeException e) {
      valid = false;
    }
    if (!valid) {
      throw DzAuthException.of(
          Reason.BAD_SIGNATURE, "signature does not verify with kid " + key.id());
    }
  }

  private Map<String, Object> parseJson(int from, int to, String what) {
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(new String(decode(from, to), StandardCharsets.UTF_8));
    } catch (ParseException | RuntimeException | StackOverflowError e) {
      json = null;
    }
    // Nimbus answers null, not an exception, for a blank segment (" ", "\t"): found by fuzzing.
    if (json == null) {
      throw DzAuthException.of(Reason.MALFORMED, what + " is not a JSON object");
    }
    return json;
  }

  /**
   * Decodes the unpadded base64url {@code ascii[from, to)}; IllegalArgumentException if it is not.
   */
  private byte[] decode(int from, int to) {
    ByteBuffer out = URL_DECODER.decode(ByteBuffer.wrap(ascii, from, to - from));
    return out.remaining() == out.capacity() && out.arrayOffset() == 0
        ? out.array()
        : Arrays.copyOfRange(
            out.array(), out.arrayOffset() + out.position(), out.arrayOffset() + out.limit());
  }

  private static boolean isBase64Url(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
