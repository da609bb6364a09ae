package dev.dzauth.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response of the token API or of bearer authentication: status, headers and body bytes
 * (JSON, or empty for {@code 204}). Immutable.
 *
 * @param status the HTTP status code
 * @param headers header values by name, in order ({@code Content-Type} included when there is a
 *     body)
 * @param body the body bytes; empty for none
 */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {

  public ApiResponse {
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(body, "body");
  }

  /** The body as text (UTF-8), for tests and logs. */
  public String bodyText() {
    return new String(body, java.nio.charset.StandardCharsets.UTF_8);
  }
}
