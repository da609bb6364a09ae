package dev.dzauth.http;

import dev.dzauth.DzAuthException;
import dev.dzauth.publish.StatusListPublisher;
import dev.dzauth.publish.StatusListPublisher.Published;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.StatusListToken;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves the issuer's Token Status Lists (draft-ietf-oauth-status-list-20) at {@value #PATH}{@code
 * /<n>}, for both adapters through {@link TokenApi#withStatusLists}: public, as the JWK Set (no
 * token needed).
 *
 * <ul>
 *   <li>{@code GET /statuslists/<n>} ({@code n} 1 to 9 digits, no leading zero): 200 with the
 *       Status List Token as {@value StatusListToken#MEDIA_TYPE}, {@code ETag}, and {@code
 *       Cache-Control: max-age=<ttl>}; 304 (same {@code ETag} and {@code Cache-Control}, no body)
 *       when {@code If-None-Match} names its {@code ETag}; 404 for a list that does not exist; 503
 *       with {@code Retry-After} when the lists cannot be vouched for (the status feed was not read
 *       within its bound);
 *   <li>another method: 405 with {@code Allow: GET}.
 * </ul>
 *
 * <p>A shared cache between issuer and verifier may add up to one {@code ttl} to the time a change
 * takes to reach the verifier. Thread-safe.
 */
public final class StatusListEndpoint {

  /** The path lists are served under. */
  public static final String PATH = "/statuslists";

  private static final int MAX_DIGITS = 9;

  private final StatusListPublisher publisher;

  private StatusListEndpoint(StatusListPublisher publisher) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
  }

  /** An endpoint serving the lists of {@code publisher}. */
  public static StatusListEndpoint of(StatusListPublisher publisher) {
    return new StatusListEndpoint(publisher);
  }

  /** The publisher served. */
  public StatusListPublisher publisher() {
    return publisher;
  }

  /**
   * The answer of {@code GET /.well-known/jwks.json} with the public keys of {@code keys}, as
   * {@link TokenApi} answers it: what verifiers of the lists (and of the tokens) fetch, for an
   * adapter that serves the lists without the token API.
   */
  public static ApiResponse jwks(KeySetHolder keys) {
    byte[] body = keys.current().toPublicJwkSetJson().getBytes(StandardCharsets.UTF_8);
    return HttpErrors.response(200, Map.of("Cache-Control", "public, max-age=300"), body);
  }

  /** Whether {@code path} is one this endpoint answers: {@value #PATH}{@code /…}. */
  public static boolean matches(String path) {
    return path.startsWith(PATH + "/");
  }

  /** Answers {@code request} (a path {@link #matches} says is this endpoint's); never throws. */
  public ApiResponse handle(ApiRequest request, HttpErrors errors) {
    String rest = request.path().substring(PATH.length() + 1);
    if (!isListNumber(rest)) {
      return errors.status(404, "Not Found");
    }
    if (!request.method().equals("GET")) {
      ApiResponse r = errors.status(405, "Method Not Allowed");
      Map<String, String> headers = new LinkedHashMap<>(r.headers());
      headers.put("Allow", "GET");
      return new ApiResponse(405, headers, r.body());
    }
    Optional<Published> published;
    try {
      published = publisher.published(Integer.parseInt(rest));
    } catch (DzAuthException e) {
      return errors.failure(e);
    } catch (IllegalStateException e) {
      // No signing key in service: the lists cannot be signed.
      return errors.status(503, "Status lists unavailable");
    }
    if (published.isEmpty()) {
      return errors.status(404, "Not Found");
    }
    Published p = published.get();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ETag", p.etag());
    headers.put("Cache-Control", "max-age=" + Math.max(1, p.ttl().toSeconds()));
    if (p.matches(request.ifNoneMatch())) {
      HttpErrors.SECURITY_HEADERS.forEach(headers::putIfAbsent);
      return new ApiResponse(304, headers, new byte[0]);
    }
    headers.put("Content-Type", StatusListToken.MEDIA_TYPE);
    HttpErrors.SECURITY_HEADERS.forEach(headers::putIfAbsent);
    return new ApiResponse(200, headers, p.jwt().getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean isListNumber(String s) {
    if (s.isEmpty() || s.length() > MAX_DIGITS || s.charAt(0) == '0') {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
