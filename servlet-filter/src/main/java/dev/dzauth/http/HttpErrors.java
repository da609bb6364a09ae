package dev.dzauth.http;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every failure of the API and of bearer authentication as an HTTP response (docs/API.md Errors,
 * RFC 6750 §3): one exhaustive mapping of {@link DzAuthException.Kind} to a status, with the {@code
 * WWW-Authenticate} challenge and the fixed {@code detail} of the failure's reason — never a log
 * message, never a token.
 *
 * <ul>
 *   <li>no credentials: 401, {@code Bearer realm="…"} without an error code, {@code Not
 *       authenticated}
 *   <li>any other refused token: 401, {@code error="invalid_token"} and an {@code
 *       error_description}
 *   <li>wrong business: 403 {@code Not enough permissions}; missing scope: the same with {@code
 *       error="insufficient_scope"} and the {@code scope} needed
 *   <li>404, 409, 422 (pydantic v2 list), 503 with {@code Retry-After}
 * </ul>
 *
 * <p>Every response of the shared layer ({@link #response}: errors, the token API, the JWK Set)
 * carries {@link #SECURITY_HEADERS}, the values Spring Security's defaults write, so an answer is
 * the same bytes whichever adapter sends it; and {@code Cache-Control: no-store} unless it says
 * otherwise (the JWK Set is cacheable).
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpErrors {

  /** {@code Content-Type} of every body. */
  public static final String JSON = "application/json";

  /** The realm of challenges unless configured: {@code dz-auth}. */
  public static final String DEFAULT_REALM = "dz-auth";

  /** {@code Retry-After} of a 503 unless configured: 5 s. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

  /**
   * Headers on every response of the shared layer: what Spring Security's default header writers
   * add ({@code X-Content-Type-Options}, {@code X-XSS-Protection}, {@code X-Frame-Options}); they
   * never overwrite a header already set, so with these the servlet filter and Spring answer alike.
   */
  public static final Map<String, String> SECURITY_HEADERS = securityHeaders();

  private final String realm;
  private final Duration retryAfter;

  private HttpErrors(String realm, Duration retryAfter) {
    this.realm = requireRealm(realm);
    this.retryAfter = requireRetryAfter(retryAfter);
  }

  /**
   * Errors for {@code realm} (the {@code realm} of challenges: printable ASCII without quotes or
   * backslashes), telling clients to retry a 503 after {@code retryAfter} (whole seconds, at least
   * 1).
   */
  public static HttpErrors create(String realm, Duration retryAfter) {
    return new HttpErrors(realm, retryAfter);
  }

  /** Realm {@value #DEFAULT_REALM}, retry after {@link #DEFAULT_RETRY_AFTER}. */
  public static HttpErrors defaults() {
    return new HttpErrors(DEFAULT_REALM, DEFAULT_RETRY_AFTER);
  }

  /**
   * The one realm rule of every adapter: non-empty printable ASCII (SP to {@code ~}) without quotes
   * or backslashes, so it can be written as a quoted-string as it is.
   *
   * @return {@code realm}
   * @throws IllegalArgumentException with a message saying why, otherwise
   */
  public static String requireRealm(String realm) {
    Objects.requireNonNull(realm, "realm");
    if (realm.isEmpty()
        || !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
      throw new IllegalArgumentException(
          "realm must be printable ASCII without quotes or backslashes, got '" + realm + "'");
    }
    return realm;
  }

  /**
   * The one {@code Retry-After} rule of every adapter: at least 1 s (it is sent in whole seconds).
   *
   * @return {@code retryAfter}
   * @throws IllegalArgumentException otherwise
   */
  public static Duration requireRetryAfter(Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("retryAfter must be at least 1 s, got " + retryAfter);
    }
    return retryAfter;
  }

  /** The {@code Retry-After} of a 503. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The realm of challenges. */
  public String realm() {
    return realm;
  }

  /** 401 for a request without (Bearer) credentials: no error code (RFC 6750 §3.1). */
  public ApiResponse notAuthenticated() {
    return response(
        401,
        Map.of("WWW-Authenticate", "Bearer realm=\"" + realm + "\""),
        Json.detail(Reason.MISSING_TOKEN.detail()));
  }

  /** 403 {@code insufficient_scope} naming the scopes the request needs (RFC 6750 §3.1). */
  public ApiResponse insufficientScope(Collection<String> scopes) {
    String challenge = "Bearer realm=\"" + realm + "\", error=\"insufficient_scope\"";
    if (!scopes.isEmpty()) {
      challenge += ", scope=\"" + String.join(" ", scopes) + "\"";
    }
    return response(
        403,
        Map.of("WWW-Authenticate", challenge),
        Json.detail(Reason.INSUFFICIENT_SCOPE.detail()));
  }

  /** The response for {@code failure}. */
  public ApiResponse failure(DzAuthException failure) {
    Reason reason = failure.reason();
    return switch (reason.kind()) {
      case INVALID_TOKEN ->
          reason == Reason.MISSING_TOKEN
              ? notAuthenticated()
              : response(
                  401,
                  Map.of(
                      "WWW-Authenticate",
                      "Bearer realm=\""
                          + realm
                          + "\", error=\"invalid_token\", error_description=\""
                          + reason.detail()
                          + "\""),
                  Json.detail(reason.detail()));
      case FORBIDDEN ->
          reason == Reason.INSUFFICIENT_SCOPE
              ? insufficientScope(java.util.List.of())
              : response(403, Map.of(), Json.detail(reason.detail()));
      case NOT_FOUND -> response(404, Map.of(), Json.detail(reason.detail()));
      case CONFLICT -> response(409, Map.of(), Json.detail(reason.detail()));
      case INVALID_REQUEST -> response(422, Map.of(), Json.violations(failure.violations()));
      case UNAVAILABLE ->
          response(
              503,
              Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))),
              Json.detail(reason.detail()));
    };
  }

  /** A response with a plain {@code {"detail": "…"}} body, e.g. 404 {@code Not Found}. */
  public ApiResponse status(int status, String detail) {
    return response(status, Map.of(), Json.detail(detail));
  }

  private static Map<String, String> securityHeaders() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Content-Type-Options", "nosniff");
    h.put("X-XSS-Protection", "0");
    h.put("X-Frame-Options", "DENY");
    return Collections.unmodifiableMap(h);
  }

  static ApiResponse response(int status, Map<String, String> headers, byte[] body) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (body.length > 0) {
      all.put("Content-Type", JSON);
    }
    all.putIfAbsent("Cache-Control", "no-store");
    SECURITY_HEADERS.forEach(all::putIfAbsent);
    return new ApiResponse(status, all, body);
  }
}
