package dev.dzauth.http;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every failure of the API and of bearer authentication as an HTTP response (API.md §3, RFC 6750
 * §3): one exhaustive mapping of {@link DzAuthException.Kind} to a status, with the
 * {@code WWW-Authenticate} challenge and the fixed {@code detail} of the failure's reason — never a
 * log message, never a token.
 *
 * <ul>
 *   <li>no credentials: 401, {@code Bearer realm="…"} without an error code, {@code Not authenticated}
 *   <li>any other refused token: 401, {@code error="invalid_token"} and an {@code error_description}
 *   <li>wrong business: 403 {@code Not enough permissions}; missing scope: the same with
 *       {@code error="insufficient_scope"} and the {@code scope} needed
 *   <li>404, 409, 422 (pydantic v2 list), 503 with {@code Retry-After}
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpErrors {

  /** {@code Content-Type} of every body. */
  public static final String JSON = "application/json";

  private final String realm;
  private final Duration retryAfter;

  private HttpErrors(String realm, Duration retryAfter) {
    this.realm = requireRealm(realm);
    if (retryAfter.isNegative() || retryAfter.isZero()) {
      throw new IllegalArgumentException("retryAfter must be positive, got " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /**
   * Errors for {@code realm} (the {@code realm} of challenges: printable ASCII without quotes or
   * backslashes), telling clients to retry a 503 after {@code retryAfter} (whole seconds, at least 1).
   */
  public static HttpErrors create(String realm, Duration retryAfter) {
    return new HttpErrors(realm, retryAfter);
  }

  /** Realm {@code dz-auth}, retry after 5 s. */
  public static HttpErrors defaults() {
    return new HttpErrors("dz-auth", Duration.ofSeconds(5));
  }

  static String requireRealm(String realm) {
    Objects.requireNonNull(realm, "realm");
    if (realm.isEmpty() || !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
      throw new IllegalArgumentException(
          "realm must be printable ASCII without quotes or backslashes, got '" + realm + "'");
    }
    return realm;
  }

  /** The realm of challenges. */
  public String realm() {
    return realm;
  }

  /** 401 for a request without (Bearer) credentials: no error code (RFC 6750 §3.1). */
  public ApiResponse notAuthenticated() {
    return response(401, Map.of("WWW-Authenticate", "Bearer realm=\"" + realm + "\""),
        Json.detail(Reason.MISSING_TOKEN.detail()));
  }

  /** 403 {@code insufficient_scope} naming the scopes the request needs (RFC 6750 §3.1). */
  public ApiResponse insufficientScope(Collection<String> scopes) {
    String challenge = "Bearer realm=\"" + realm + "\", error=\"insufficient_scope\"";
    if (!scopes.isEmpty()) {
      challenge += ", scope=\"" + String.join(" ", scopes) + "\"";
    }
    return response(403, Map.of("WWW-Authenticate", challenge),
        Json.detail(Reason.INSUFFICIENT_SCOPE.detail()));
  }

  /** The response for {@code failure}. */
  public ApiResponse failure(DzAuthException failure) {
    Reason reason = failure.reason();
    return switch (reason.kind()) {
      case INVALID_TOKEN -> reason == Reason.MISSING_TOKEN
          ? notAuthenticated()
          : response(401, Map.of("WWW-Authenticate", "Bearer realm=\"" + realm
                  + "\", error=\"invalid_token\", error_description=\"" + reason.detail() + "\""),
              Json.detail(reason.detail()));
      case FORBIDDEN -> reason == Reason.INSUFFICIENT_SCOPE
          ? insufficientScope(java.util.List.of())
          : response(403, Map.of(), Json.detail(reason.detail()));
      case NOT_FOUND -> response(404, Map.of(), Json.detail(reason.detail()));
      case CONFLICT -> response(409, Map.of(), Json.detail(reason.detail()));
      case INVALID_REQUEST -> response(422, Map.of(), Json.violations(failure.violations()));
      case UNAVAILABLE -> response(503,
          Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))),
          Json.detail(reason.detail()));
    };
  }

  /** A response with a plain {@code {"detail": "…"}} body, e.g. 404 {@code Not Found}. */
  public ApiResponse status(int status, String detail) {
    return response(status, Map.of(), Json.detail(detail));
  }

  static ApiResponse response(int status, Map<String, String> headers, byte[] body) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (body.length > 0) {
      all.put("Content-Type", JSON);
    }
    all.putIfAbsent("Cache-Control", "no-store");
    return new ApiResponse(status, all, body);
  }
}
