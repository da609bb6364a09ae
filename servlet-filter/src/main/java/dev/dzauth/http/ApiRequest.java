package dev.dzauth.http;

import dev.dzauth.token.VerifiedToken;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request to the token API, as a framework hands it over.
 *
 * @param method the HTTP method, upper case
 * @param path the path inside the application, decoded, e.g. {@code /api/v1/tokens/42/revoke}
 * @param query the query parameters by name, every value in order (a repeated name keeps the last,
 *     as FastAPI does)
 * @param body the raw body, at most {@link TokenApi#maxBodyBytes()}; empty when there is none
 * @param token the authenticated caller, or {@code null} when the request carried no valid token
 * @param contentType the request's {@code Content-Type} header value, or {@code null} without one
 * @param clientIp the client's address as the container saw it, or {@code null}
 * @param userAgent the request's {@code User-Agent}, or {@code null}; recorded with the lifecycle
 *     events the request's changes make (core keeps at most 512 characters)
 * @param ifNoneMatch the request's {@code If-None-Match} header (conditional requests of {@link
 *     StatusListEndpoint}), or {@code null}
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    byte[] body,
    @Nullable VerifiedToken token,
    @Nullable String contentType,
    @Nullable String clientIp,
    @Nullable String userAgent,
    @Nullable String ifNoneMatch) {

  public ApiRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = Map.copyOf(query);
    Objects.requireNonNull(body, "body");
  }

  /** A request without a content type, client address or user agent (tests, code). */
  public ApiRequest(
      String method,
      String path,
      Map<String, List<String>> query,
      byte[] body,
      @Nullable VerifiedToken token) {
    this(method, path, query, body, token, null, null, null, null);
  }

  /** The last value of query parameter {@code name}, or {@code null}. */
  public @Nullable String queryValue(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
  }

  /**
   * Parses a raw query string ({@code a=1&b=2}) into parameters, decoding names and values as
   * UTF-8; a malformed escape keeps its raw text. A body is never parsed as a form.
   */
  public static Map<String, List<String>> parseQuery(@Nullable String rawQuery) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return params;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
