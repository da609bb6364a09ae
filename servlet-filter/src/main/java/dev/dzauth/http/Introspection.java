package dev.dzauth.http;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.lifecycle.Violations;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /oauth2/introspect} (RFC 7662 §2): the caller, authenticated by a {@code dz_} token
 * with {@link TokenApi#INTROSPECT_SCOPE}, sends {@code token} (and perhaps {@code token_type_hint},
 * ignored: there is one kind of token) form-encoded; the answer is the token's state.
 *
 * <ul>
 *   <li>A token that verifies now (signature, issuer, time, status: what {@link
 *       TokenVerifier#verify} checks) and belongs to the caller's business is {@code active}, with
 *       {@code scope} (sorted, space-separated), {@code token_type} {@value #TOKEN_TYPE}, {@code
 *       exp} (absent for a token that never expires), {@code iat}, {@code sub}, {@code iss}, {@code
 *       jti}, {@code business_id} and, for an environment-scoped token, {@code environment_id}.
 *   <li>Anything else (malformed, forged, another issuer's, expired, revoked, suspended, deleted,
 *       unknown, another business's) is {@code {"active": false}}, nothing more: the reason is
 *       never told (RFC 7662 §2.2, §4).
 *   <li>The store cannot answer: 503 with {@code Retry-After}, never {@code active: false} (RFC
 *       7662 has no "unknown": the token may well be active, and a resource server must not be told
 *       it is not, nor that it is).
 * </ul>
 *
 * <p>The body must be {@code application/x-www-form-urlencoded} (parameters ignored; 415
 * otherwise); {@code token} absent or empty is 422 {@code missing} (RFC 6749 §3.1: a parameter
 * without a value is as if omitted); a repeated {@code token} keeps its last non-empty value, as
 * query parameters keep their last. Never logs the token (only its display prefix, at debug level,
 * as verification does).
 */
final class Introspection {

  /**
   * The {@code token_type} of an active token: the OAuth access token type of RFC 6749 §7.1 that
   * RFC 7662 §2.2 means ({@code dz_} tokens are presented as {@code Bearer}), not the {@code dz_}
   * claim {@code token_type} ({@code api}, the same for every token).
   */
  static final String TOKEN_TYPE = "Bearer";

  static final String FORM = "application/x-www-form-urlencoded";

  private static final Logger LOG = LoggerFactory.getLogger(Introspection.class);

  private static final byte[] INACTIVE = "{\"active\":false}".getBytes(StandardCharsets.UTF_8);

  private final TokenVerifier verifier;
  private final HttpErrors errors;

  Introspection(TokenVerifier verifier, HttpErrors errors) {
    this.verifier = verifier;
    this.errors = errors;
  }

  /** The answer to {@code request} of {@code caller}, who holds the scope. */
  ApiResponse answer(ApiRequest request, VerifiedToken caller) {
    if (!isForm(request.contentType())) {
      return errors.status(415, "Content-Type must be " + FORM);
    }
    String token = tokenParameter(request.body());
    if (token == null) {
      throw DzAuthException.invalid(List.of(Violations.missing(List.of("body", "token"), null)));
    }
    VerifiedToken verified;
    try {
      verified = BearerAuthenticator.verify(verifier, token);
    } catch (DzAuthException e) {
      if (e.reason() == Reason.STORE_UNAVAILABLE) {
        throw e;
      }
      return inactive();
    }
    if (!BearerAuthenticator.sameBusiness(verified.businessId(), caller.businessId())) {
      LOG.debug(
          "dz-auth: introspection by a token of business {} of a token of another business",
          caller.businessId());
      return inactive();
    }
    return HttpErrors.response(200, Map.of(), Json.write(active(verified)));
  }

  private ObjectNode active(VerifiedToken t) {
    ObjectNode n = Json.object();
    n.put("active", true);
    n.put("scope", String.join(" ", new TreeSet<>(t.scopes())));
    n.put("token_type", TOKEN_TYPE);
    if (t.expiresAt() != null) {
      n.put("exp", t.expiresAt().getEpochSecond());
    }
    n.put("iat", t.issuedAt().getEpochSecond());
    n.put("sub", t.subject());
    n.put("iss", verifier.issuer());
    n.put("jti", t.jti());
    n.put("business_id", t.businessId());
    if (t.environmentId() != null) {
      n.put("environment_id", t.environmentId());
    }
    return n;
  }

  private static ApiResponse inactive() {
    return HttpErrors.response(200, Map.of(), INACTIVE.clone());
  }

  /** Whether {@code contentType} is {@value #FORM}, whatever its parameters. */
  static boolean isForm(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    return type.toLowerCase(Locale.ROOT).equals(FORM);
  }

  /** The last non-empty value of {@code token} in a form body, or {@code null}. */
  static @Nullable String tokenParameter(byte[] body) {
    List<String> values =
        ApiRequest.parseQuery(new String(body, StandardCharsets.UTF_8)).get("token");
    if (values == null) {
      return null;
    }
    for (int i = values.size() - 1; i >= 0; i--) {
      if (!values.get(i).isEmpty()) {
        return values.get(i);
      }
    }
    return null;
  }
}
