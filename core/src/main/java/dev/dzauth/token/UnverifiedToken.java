package dev.dzauth.token;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@code dz_} token says about itself, decoded without any key: its protected header and its
 * claims, exactly as written. <strong>Nothing here is verified</strong> — anyone can write a token
 * that decodes; only {@link TokenVerifier#verify} says whether one is to be believed. For tools and
 * logs: to see which key, owner and lifetime a token claims.
 *
 * @param header the protected header (a JSON object)
 * @param claims the claims set (a JSON object)
 * @param displayPrefix the token's {@link TokenFormat#displayPrefix display prefix}
 */
public record UnverifiedToken(
    Map<String, Object> header, Map<String, Object> claims, String displayPrefix) {

  public UnverifiedToken {
    // Not Map.copyOf: a JSON null is a value a token may carry.
    header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
    claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
  }

  /**
   * Decodes {@code token} (the whole {@code dz_…} string).
   *
   * @throws DzAuthException with {@link Reason#MALFORMED} when it is not a {@code dz_} prefix on
   *     three base64url segments of JSON objects, or longer than {@link
   *     TokenFormat#DEFAULT_MAX_TOKEN_LENGTH}
   */
  public static UnverifiedToken decode(String token) {
    if (token.length() > TokenFormat.DEFAULT_MAX_TOKEN_LENGTH) {
      throw DzAuthException.of(
          Reason.MALFORMED,
          "token of "
              + token.length()
              + " characters exceeds "
              + TokenFormat.DEFAULT_MAX_TOKEN_LENGTH);
    }
    if (!token.startsWith(TokenFormat.PREFIX)) {
      throw DzAuthException.of(Reason.MALFORMED, "token does not start with dz_");
    }
    JwsCompact jws = JwsCompact.parse(token, TokenFormat.PREFIX.length());
    return new UnverifiedToken(jws.header(), jws.payload(), TokenFormat.displayPrefix(token));
  }
}
