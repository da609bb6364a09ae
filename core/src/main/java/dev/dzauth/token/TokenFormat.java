package dev.dzauth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The shape of a {@code dz_} token: {@code dz_<header>.<payload>.<signature>}, a JWS compact
 * serialization behind a fixed prefix.
 *
 * <p>Header: {@code alg}, {@code kid} and {@code typ} = {@value #TYPE} (RFC 8725 §3.11), so that no
 * other JWT of the issuer is ever taken for an API token. Claims: {@code iss}, {@code sub}, {@code
 * jti}, {@code iat}, {@code nbf}, {@code exp} (absent for a token that never expires), {@value
 * #CLAIM_BUSINESS_ID}, {@value #CLAIM_SCOPE} (space-separated, RFC 8693 §4.2) and {@value
 * #CLAIM_TOKEN_TYPE} = {@value #TOKEN_TYPE_API}; with status lists, {@value #CLAIM_STATUS} = {@code
 * {"status_list": {"idx": n, "uri": "…"}}} (draft-ietf-oauth-status-list-20, {@link
 * StatusListReference}).
 */
public final class TokenFormat {

  /** Every token starts with this. */
  public static final String PREFIX = "dz_";

  /** The {@code typ} header of a dz_ token. */
  public static final String TYPE = "dz-api+jwt";

  /** The claim naming the business (tenant) a token is bound to. */
  public static final String CLAIM_BUSINESS_ID = "business_id";

  /** The claim listing a token's scopes, separated by spaces. */
  public static final String CLAIM_SCOPE = "scope";

  /**
   * The claim naming the environment an environment-scoped token is bound to (absent: the token
   * acts for its whole business).
   */
  public static final String CLAIM_ENVIRONMENT_ID = "environment_id";

  /** The longest environment id: 128 characters, as a business id. */
  public static final int MAX_ENVIRONMENT_ID_LENGTH = 128;

  /** The claim naming the token type. */
  public static final String CLAIM_TOKEN_TYPE = "token_type";

  /**
   * The claim naming a token's entry in its issuer's Token Status Lists: {@code {"status_list":
   * {"idx": n, "uri": "…"}}}; absent on tokens minted without status lists.
   */
  public static final String CLAIM_STATUS = "status";

  /** The member of {@value #CLAIM_STATUS} that holds {@code idx} and {@code uri}. */
  public static final String STATUS_LIST = "status_list";

  /** The only token type: an API token. */
  public static final String TOKEN_TYPE_API = "api";

  /** Tokens longer than this are refused before any decoding. */
  public static final int DEFAULT_MAX_TOKEN_LENGTH = 4096;

  private static final int DISPLAY_FINGERPRINT_CHARS = 12;

  private TokenFormat() {}

  /**
   * The display prefix of a token: {@code dz_} and the first 12 characters of the unpadded
   * base64url SHA-256 of the whole token string. Any holder of the token can compute it; it differs
   * between tokens (72 bits), and reveals nothing that helps forge one. This is what listings show
   * as {@code token_prefix}, and what logs may print.
   */
  public static String displayPrefix(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
      String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
      return PREFIX + b64.substring(0, DISPLAY_FINGERPRINT_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
